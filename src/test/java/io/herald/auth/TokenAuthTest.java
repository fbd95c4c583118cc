package io.herald.auth;

import io.herald.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class TokenAuthTest {

  private static final String SECRET = "token-auth-test-secret-long-enough-0123456789";

  @Test
  void issuedTokenLivesForTheConfiguredMinutes(Vertx vertx) {
    TokenAuth tokens = new TokenAuth(vertx, SECRET, 5);

    JsonObject claims = payload(tokens.issue(new JsonObject().put("id", 7L).put("username", "sam").put("role", "porter")));

    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(300);
    assertThat(tokens.accessSeconds()).isEqualTo(300);
  }

  @Test
  void issuedTokenAuthenticatesAsItsUser(Vertx vertx) {
    TokenAuth tokens = new TokenAuth(vertx, SECRET, 5);
    String token = tokens.issue(new JsonObject().put("id", 7L).put("username", "sam").put("role", "porter"));

    User user = tokens.verify(new TokenCredentials(token)).await();

    assertThat(Identity.of(user)).isEqualTo(new Identity(7, "sam", Role.PORTER));
  }

  @Test
  void tokenWithoutExpiryIsRefusedEvenWhenSignedCorrectly(Vertx vertx) {
    TokenAuth tokens = new TokenAuth(vertx, SECRET, 5);
    String token = Tokens.hs256(Tokens.claims(7, "porter", null), SECRET);

    assertThatThrownBy(() -> tokens.verify(new TokenCredentials(token)).await()).hasMessageContaining("expiry");
  }

  @Test
  void noSecretMeansNoTokenAuthAtAll(Vertx vertx) {
    assertThatThrownBy(() -> new TokenAuth(vertx, null, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenAuth(vertx, "", 5)).isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
