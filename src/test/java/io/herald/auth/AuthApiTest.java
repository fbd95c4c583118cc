package io.herald.auth;

import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest extends NodeTest {

  private static final String ME = "/api/v1/auth/me";


  @Test
  void loginReturnsABearerTokenWithItsLifetime() {
    HttpResponse<Buffer> response = api.post("/api/v1/auth/login", null,
      new JsonObject().put("username", "admin").put("password", TestNode.ADMIN_PASSWORD));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject token = response.bodyAsJsonObject();
    assertThat(token.getString("access_token")).isNotBlank();
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(token.getInteger("expires_in")).isEqualTo(3600);
  }

  @Test
  void meDescribesTheCallerWithoutThePasswordHash() {
    TestUser porter = api.newUser(admin, "porter");

    HttpResponse<Buffer> response = api.get(ME, porter.token());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject me = response.bodyAsJsonObject();
    assertThat(me.getLong("id")).isEqualTo(porter.id());
    assertThat(me.getString("username")).isEqualTo(porter.username());
    assertThat(me.getString("role")).isEqualTo("porter");
    assertThat(me.containsKey("password_hash")).isFalse();
  }

  @Test
  void withoutABotTheCallersTelegramLinkIsUnavailableAndNotLinked() {
    TestUser student = api.newUser(admin, "student");

    HttpResponse<Buffer> response = api.get(ME + "/telegram-link", student.token());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("available", false).put("linked", false)
      .putNull("linked_at"));
    assertProblem(api.get(ME + "/telegram-link", null), 401);
  }

  @Test
  void wrongPasswordIsRefusedWith401() {
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.post("/api/v1/auth/login", null,
      new JsonObject().put("username", student.username()).put("password", "not-the-password")), 401);
  }

  @Test
  void unknownUserIsRefusedLikeAWrongPassword() {
    JsonObject problem = assertProblem(api.post("/api/v1/auth/login", null,
      new JsonObject().put("username", "nobody-here").put("password", "whatever-password")), 401);

    assertThat(problem.getString("detail")).isEqualTo("Unknown username or wrong password");
  }

  @Test
  void disabledUserCannotLogIn() {
    TestUser porter = api.newUser(admin, "porter");
    Pool pool = PgBuilder.pool().connectingTo(TestDatabase.settings().connectOptions()).using(vertx).build();
    try {
      pool.preparedQuery("UPDATE users SET disabled = true WHERE id = $1").execute(Tuple.of(porter.id())).await();
    } finally {
      pool.close().await();
    }

    assertProblem(api.post("/api/v1/auth/login", null,
      new JsonObject().put("username", porter.username()).put("password", "password-" + porter.username())), 401);
  }

  @Test
  void missingTokenIsRefusedWith401() {
    HttpResponse<Buffer> response = api.get(ME, null);

    assertProblem(response, 401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void garbageTokenIsRefusedWith401() {
    assertProblem(api.get(ME, "not.a.jwt"), 401);
  }

  @Test
  void tokenSignedWithTheServerSecretIsAccepted() {
    String token = Tokens.hs256(Tokens.claims(1, "admin", Tokens.inSeconds(600)), TestNode.JWT_SECRET);

    assertThat(api.get(ME, token).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredTokenIsRefusedWith401() {
    String token = Tokens.hs256(Tokens.claims(1, "admin", Tokens.inSeconds(-600)), TestNode.JWT_SECRET);

    assertProblem(api.get(ME, token), 401);
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefusedWith401() {
    String token = Tokens.hs256(Tokens.claims(1, "admin", Tokens.inSeconds(600)),
      "some-other-secret-that-is-long-enough-0123456789");

    assertProblem(api.get(ME, token), 401);
  }

  @Test
  void unsignedAlgNoneTokenIsRefusedWith401() {
    assertProblem(api.get(ME, Tokens.unsigned(Tokens.claims(1, "admin", Tokens.inSeconds(600)))), 401);
  }

  @Test
  void signedTokenWithoutExpiryIsRefusedWith401() {
    assertProblem(api.get(ME, Tokens.hs256(Tokens.claims(1, "admin", null), TestNode.JWT_SECRET)), 401);
  }

  @Test
  void signedTokenWithAnUnknownRoleIsRefusedWith401() {
    String token = Tokens.hs256(Tokens.claims(1, "superuser", Tokens.inSeconds(600)), TestNode.JWT_SECRET);

    assertProblem(api.get(ME, token), 401);
  }
}
