package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.SockJsProbe;
import io.herald.support.WsProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed dashboards' event model: what changed, from what to what, by whom and when, on both transports. */
class SeedDashboardEventsTest extends NodeTest {

  @Test
  void statusAndAssignmentUpdatesCarryOldAndNewValuesWhoAndWhen() {
    TestUser adminUser = api.newUser(admin, "admin");
    TestUser porter = api.newUser(admin, "porter");
    TestUser reporter = api.newUser(admin, "student");
    WsProbe dashboard = WsProbe.connect(vertx, node.httpPort(), "/ws/dashboard?token=" + adminUser.token());
    dashboard.await("connected");
    SockJsProbe bridge = SockJsProbe.connect(vertx, node.httpPort(), "token=" + adminUser.token());
    bridge.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
    bridge.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "ready", null);
    bridge.awaitAddress("ready");
    long id = api.createComplaint(reporter.token(), "hostel-" + UUID.randomUUID().toString().substring(0, 8), "high").getLong("id");

    assertThat(api.assign(adminUser.token(), id, porter.id()).statusCode()).isEqualTo(200);
    JsonObject assigned = dashboard.await("assignment_update");
    assertThat(bridge.awaitAddress(Addresses.DASHBOARD_COMPLAINT_UPDATES).getJsonObject("body")).isEqualTo(assigned);
    assertThat(assigned.getLong("complaint_id")).isEqualTo(id);
    assertThat(assigned.containsKey("old_assignee_id")).isTrue();
    assertThat(assigned.getValue("old_assignee_id")).isNull();
    assertThat(assigned.getLong("new_assignee_id")).isEqualTo(porter.id());
    assertChangedBy(assigned, adminUser);

    assertThat(api.changeStatus(porter.token(), id, "in_progress").statusCode()).isEqualTo(200);
    JsonObject status = dashboard.await("status_update");
    assertThat(bridge.awaitAddress(Addresses.DASHBOARD_COMPLAINT_UPDATES).getJsonObject("body")).isEqualTo(status);
    assertThat(status.getLong("complaint_id")).isEqualTo(id);
    assertThat(status.getString("old_status")).isEqualTo("open");
    assertThat(status.getString("new_status")).isEqualTo("in_progress");
    assertThat(status.getJsonObject("data").getString("status")).isEqualTo("in_progress");
    assertChangedBy(status, porter);
    dashboard.close();
    bridge.close();
  }

  private static void assertChangedBy(JsonObject frame, TestUser actor) {
    assertThat(frame.getLong("changed_by")).isEqualTo(actor.id());
    assertThat(frame.getString("changed_at")).endsWith("Z");
    assertThat(Instant.parse(frame.getString("changed_at"))).isBeforeOrEqualTo(Instant.now());
  }
}
