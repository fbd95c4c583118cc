package io.herald.support;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test class against one whole Herald node that mails through GreenMail (MailNodes.config), started once for the
 * class, with an admin token, the REST and plain HTTP clients and SQL ready.
 */
public abstract class MailNodeTest {

  protected static MailingNodes node;
  protected static Vertx vertx;
  protected static GreenMail mail;
  protected static ApiClient api;
  protected static WebClient web;
  protected static TestSql sql;
  protected static String admin;

  @BeforeAll
  static void startMailingNode() {
    node = MailingNodes.start(1, MailNodes::config);
    vertx = node.vertxes().get(0);
    mail = node.mail();
    api = node.api();
    web = node.web();
    sql = node.sql();
    admin = api.adminToken();
  }

  @AfterAll
  static void stopMailingNode() {
    MailingNodes.close(node);
  }

  /** The id of the user's one notification with this title. */
  protected static long notificationId(ApiClient.TestUser user, String title) {
    List<Long> ids = sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = $2", user.id(), title);
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  protected static String readAt(ApiClient.TestUser user, long id) {
    HttpResponse<Buffer> response = api.get("/api/v1/notifications/" + id, user.token());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("read_at");
  }

  protected static JsonObject me(ApiClient.TestUser user) {
    return api.get("/api/v1/auth/me", user.token()).bodyAsJsonObject();
  }
}
