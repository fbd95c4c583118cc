package io.herald.http;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default limits, what people really do passes: a hostel behind one address (one NAT) logging in all at
 * once, a resident who mistypes a password twice, a porter entering a backlog of complaints.
 */
@ExtendWith(VertxExtension.class)
class DefaultLimitsTest {

  private static final int RESIDENTS_BEHIND_ONE_ADDRESS = 100;
  private static final int BACKLOG = 25;

  private static Herald node;
  private static ApiClient hostel;
  private static String admin;

  @BeforeAll
  static void startNode(Vertx vertx) {
    HeraldConfig defaults = TestNode.config();
    for (String key : List.of(Settings.LOGINS_PER_ADDRESS.key(), Settings.LOGINS_PER_USERNAME.key(), Settings.COMPLAINTS_PER_USER.key(),
      Settings.NOTIFICATIONS_PER_USER.key(), Settings.BROADCASTS_PER_USER.key())) {
      defaults = defaults.with(key, null);
    }
    node = TestNode.start(vertx, defaults);
    hostel = new ApiClient(vertx, node.httpPort(), "127.0.42." + (1 + (int) (Math.random() * 250)));
    admin = Tokens.hs256(Tokens.claims(1, "admin", Tokens.inSeconds(3600)), TestNode.JWT_SECRET);
  }

  @AfterAll
  static void stopNode() {
    node.stop().await();
  }

  @Test
  void aHostelBehindOneAddressLogsInAllAtOnce() {
    List<String> residents = new ArrayList<>();
    for (int i = 0; i < RESIDENTS_BEHIND_ONE_ADDRESS; i++) {
      residents.add(newUser("student"));
    }

    for (String resident : residents) {
      assertThat(login(resident, "password-" + resident).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mistypingTwiceThenGettingItRightLogsIn() {
    String resident = newUser("student");

    assertThat(login(resident, "pasword-" + resident).statusCode()).isEqualTo(401);
    assertThat(login(resident, "Password-" + resident).statusCode()).isEqualTo(401);
    assertThat(login(resident, "password-" + resident).statusCode()).isEqualTo(200);
  }

  @Test
  void aPorterEntersABacklogOfComplaints() {
    String porter = newUser("porter");
    String token = login(porter, "password-" + porter).bodyAsJsonObject().getString("access_token");

    for (int i = 0; i < BACKLOG; i++) {
      HttpResponse<Buffer> created = hostel.post("/api/v1/complaints", token, new JsonObject()
        .put("description", "Reported by phone #" + i).put("category", "general").put("hostel", "Block D")
        .put("severity", "medium"));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    }
  }

  private static String newUser(String role) {
    String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<Buffer> created = hostel.post("/api/v1/users", admin, new JsonObject()
      .put("username", username).put("password", "password-" + username).put("role", role));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return username;
  }

  private static HttpResponse<Buffer> login(String username, String password) {
    return hostel.post("/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password));
  }
}
