package io.herald.email;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.FakeSmtpPeer;
import io.herald.support.MailNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the outbox does with the server's refusals: a permanent 5xx marks the mail failed with the server's reply and
 * is never tried again; a transient 4xx is retried with backoff until it goes or the attempts run out.
 */
@ExtendWith(VertxExtension.class)
class SmtpRepliesTest {

  private Vertx vertx;
  private FakeSmtpPeer peer;
  private Herald herald;
  private TestSql sql;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sql = new TestSql(vertx);
  }

  @AfterEach
  void stop() {
    if (herald != null) {
      Await.await(herald.stop());
    }
    peer.close();
    sql.close();
    Await.await(vertx.close());
  }

  @Test
  void aPermanentRefusalMarksTheMailFailedWithoutRetry() {
    long user = mailFor("550 5.1.1 No such user here");
    Await.until("the mail is marked failed", () -> status(user).equals("failed"));
    // failed is final (only pending rows are claimed), so one attempt means none was retried
    assertThat(peer.recipients()).isEqualTo(1);
    assertThat(sql.count("SELECT attempts FROM email_outbox WHERE user_id = $1", user)).isEqualTo(1);
    assertThat(lastError(user)).contains("550").contains("No such user here");
  }

  @Test
  void aTransientRefusalIsRetriedUntilTheAttemptsRunOut() {
    long user = mailFor("451 4.3.0 Try again later");
    Await.until("the mail is tried three times and given up", () -> status(user).equals("failed"));
    assertThat(peer.recipients()).isEqualTo(3);
    assertThat(sql.count("SELECT attempts FROM email_outbox WHERE user_id = $1", user)).isEqualTo(3);
    assertThat(lastError(user)).contains("gave up after 3 attempts").contains("451");
  }

  /** A node whose SMTP server answers every recipient with {@code reply}, and one mail queued for a new user. */
  private long mailFor(String reply) {
    peer = new FakeSmtpPeer(reply);
    herald = TestNode.start(vertx, MailNodes.config(peer.port(), new JsonObject().put("max_attempts", 3)));
    ApiClient api = new ApiClient(vertx, herald.httpPort());
    try {
      TestUser user = api.newUser(api.adminToken(), "student");
      assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(),
        new JsonObject().put("email", MailNodes.newAddress("refusing.example"))).statusCode()).isEqualTo(200);
      return user.id();
    } finally {
      api.close();
    }
  }

  private String status(long user) {
    return sql.strings("SELECT status FROM email_outbox WHERE user_id = $1", user).stream().findFirst().orElse("none");
  }

  private String lastError(long user) {
    return sql.strings("SELECT last_error FROM email_outbox WHERE user_id = $1", user).get(0);
  }
}
