package io.herald.support;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/** Hand-built JWTs for testing what the server refuses: built without the server's own token code. */
public final class Tokens {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  public static JsonObject claims(long userId, String role, Long expiresAt) {
    JsonObject claims = new JsonObject().put("sub", String.valueOf(userId)).put("username", "u" + userId)
      .put("role", role).put("iat", Instant.now().getEpochSecond());
    return expiresAt == null ? claims : claims.put("exp", expiresAt);
  }

  public static String hs256(JsonObject claims, String secret) {
    String signingInput = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    return signingInput + "." + URL.encodeToString(hmac(signingInput, secret));
  }

  public static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  public static long inSeconds(long seconds) {
    return Instant.now().getEpochSecond() + seconds;
  }

  private static String part(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String input, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
