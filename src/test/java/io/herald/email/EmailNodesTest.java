package io.herald.email;

import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.MailingNodes;
import io.herald.support.TestSql;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two Herald nodes on one database race on the same email outbox: every mail leaves once. */
@ExtendWith(VertxExtension.class)
class EmailNodesTest {

  private static final int USERS = 24;

  private MailingNodes nodes;

  @BeforeEach
  void start() {
    nodes = MailingNodes.start(2, smtpPort -> MailNodes.config(smtpPort, new JsonObject().put("batch", 50)));
  }

  @AfterEach
  void stop() {
    MailingNodes.close(nodes);
  }

  @Test
  void eachMailIsSentOnceByOneOfTheNodes() {
    ApiClient api = nodes.api();
    TestSql sql = nodes.sql();
    String admin = api.adminToken();
    List<String> addresses = new ArrayList<>();
    JsonArray ids = new JsonArray();
    for (int i = 0; i < USERS; i++) {
      TestUser user = api.newUser(admin, "student");
      String address = MailNodes.newAddress("d" + (i % 6) + ".example");
      assertThat(api.updateUser(admin, user.id(), new JsonObject().put("email", address)).statusCode()).isEqualTo(200);
      assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), new JsonObject()
        .put("types", new JsonObject().put("broadcast", new JsonObject().put("email", true)))).statusCode()).isEqualTo(200);
      addresses.add(address);
      ids.add(user.id());
    }
    HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject().put("user_ids", ids)
      .put("type", "broadcast").put("title", "Water off at noon").put("message", "Both towers, for an hour."));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isBetween(200, 202);

    Await.until("every mail is sent", () -> sql.count("SELECT count(*) FROM email_outbox WHERE user_id = ANY($1) "
      + "AND status = 'sent'", (Object) ids.stream().map(id -> (Long) id).toArray(Long[]::new)) == USERS);
    for (String address : addresses) {
      assertThat(Mails.to(nodes.mail(), address)).as(address).hasSize(1);
    }
    assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE user_id = ANY($1) AND attempts <> 1",
      (Object) ids.stream().map(id -> (Long) id).toArray(Long[]::new))).isZero();
  }
}
