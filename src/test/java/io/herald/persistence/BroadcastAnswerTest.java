package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast whose slices take longer than half the request timeout (one recipient per slice here, a short timeout)
 * is answered 202 with what was written so far, not with a failure an admin would answer by sending it again, and is
 * written on to every recipient, once each.
 */
class BroadcastAnswerTest {

  private static final int REQUEST_TIMEOUT_MS = 600;
  private static final int PORTERS = 300;

  private static OwnNode node;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.REQUEST_TIMEOUT_MS.key(), REQUEST_TIMEOUT_MS)
      .put(Settings.BROADCAST_TUNING.key(), new JsonObject().put("slice", 1).encode()));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void aBroadcastLongerThanHalfTheRequestTimeoutIsAnswered202AndStillReachesEveryRecipientOnce() {
    List<Long> porters = new ArrayList<>();
    for (int i = 0; i < PORTERS; i++) {
      porters.add(node.api().newUser(node.admin(), "porter").id());
    }
    String title = "long broadcast " + System.nanoTime();

    HttpResponse<Buffer> answer = node.api().post("/api/v1/notifications/broadcast", node.admin(),
      new JsonObject().put("roles", new JsonArray().add("porter")).put("title", title).put("message", "m"));

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
    JsonObject body = answer.bodyAsJsonObject();
    assertThat(body.getBoolean("unfinished")).isTrue();
    Await.until("the broadcast to be written to the end",
      () -> node.sql().count("SELECT count(*) FROM broadcasts WHERE draft ->> 'title' = $1", title) == 0);
    assertThat(body.getLong("count")).as("the count answered, of what was written by then")
      .isLessThan(node.sql().count("SELECT count(*) FROM notifications WHERE title = $1", title));
    assertThat(node.sql().count("SELECT count(*) FROM notifications WHERE title = $1 AND user_id = ANY($2)", title,
      porters.toArray(Long[]::new))).as("this test's porters that have it").isEqualTo(PORTERS);
    assertThat(node.sql().usersWithTitleTwice(title)).as("recipients that have it twice").isZero();
  }
}
