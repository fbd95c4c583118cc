package io.herald.email;

import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed links in mails: {@code base64url(claims) "." base64url(HMAC-SHA256(claims))}. The claims name one
 * purpose ({@value #READ}: mark one notification of one user read; {@value #VERIFY}: confirm one address of one
 * user) and an expiry; a link opened for another purpose, altered in any byte, or expired is refused. The key is
 * derived from the JWT secret, so links stop working when that secret changes.
 */
public final class LinkTokens {

  public static final String READ = "read";
  public static final String VERIFY = "verify";
  /** Where the links point, under HERALD_PUBLIC_URL: a page with a button for each purpose. */
  public static final String READ_PATH = "/mail/read";
  public static final String VERIFY_PATH = "/mail/verify";
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] KEY_LABEL = "herald mail links v1".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  public LinkTokens(String key) {
    this.key = new SecretKeySpec(DECODER.decode(key), ALGORITHM);
  }

  /** The links' own key, derived from the JWT secret (a separate key: a link can never pass for a token). */
  public static String deriveKey(String jwtSecret) {
    return ENCODER.encodeToString(hmac(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), KEY_LABEL));
  }

  public String read(long userId, long notificationId, Instant expires) {
    return sign(new JsonObject().put("p", READ).put("u", userId).put("n", notificationId).put("x", expires.getEpochSecond()));
  }

  public String verify(long userId, String email, Instant expires) {
    return sign(new JsonObject().put("p", VERIFY).put("u", userId).put("e", email).put("x", expires.getEpochSecond()));
  }

  /** The claims of a genuine, unexpired link for {@code purpose}; otherwise a 400 (not genuine) or 410 (expired). */
  public JsonObject open(String token, String purpose, Instant now) {
    JsonObject claims = genuine(token);
    if (claims == null || !purpose.equals(claims.getString("p"))) {
      throw DomainException.badRequest("This link is not valid: it may have been cut short or altered.");
    }
    if (Instant.ofEpochSecond(claims.getLong("x", 0L)).isBefore(now)) {
      throw new DomainException(Failures.GONE, "This link has expired.");
    }
    return claims;
  }

  /** The claims when the token is exactly what {@link #sign} makes of them (one spelling only: no padding bits altered). */
  private JsonObject genuine(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      byte[] payload = DECODER.decode(token.substring(0, dot));
      String expected = ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(hmac(key, payload));
      if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
        return null;
      }
      return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }

  private String sign(JsonObject claims) {
    byte[] payload = claims.encode().getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(hmac(key, payload));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
