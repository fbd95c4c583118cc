package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.RawWsClient;
import io.herald.support.TestSql;
import io.herald.support.UserMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that stop reading while the server has more for them: the server closes them (4429) once their outbound queue
 * passes its limit, instead of buffering without bound, and forgets them at once.
 */
class SlowClientTest {

  private static final int QUEUE_LIMIT = 64 * 1024;
  private static final int SMALL_RECEIVE_BUFFER = 4 * 1024;
  /** Far more than the kernel's socket buffers (4 MiB at most here) and the queue limit together. */
  private static final int PILE_UP_BYTES = 24 * 1024 * 1024;
  private static final String BIG_TEXT = "x".repeat(32 * 1024);
  private static final int BURST = 8;
  private static final int REPLAY_ROWS = 100;
  private static final int ROW_BYTES = 4_000;

  private static OwnNode node;

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.WS_OUTBOUND_QUEUE_BYTES.key(), QUEUE_LIMIT)
      .put(Settings.WS_FRAMES_PER_SECOND.key(), 1_000)
      .put(Settings.WS_FRAME_BURST.key(), 1_000)
      .put(Settings.WS_RESUME_BURST.key(), 1_000));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @Test
  void rawSocketThatStopsReadingWhileBroadcastsPileUpIsClosed4429AndForgotten() {
    TestUser student = node.api().newUser(node.admin(), "student");
    try (RawWsClient reader = slowReader("/ws/notifications?token=" + student.token())) {
      Await.until("the socket is connected", () -> node.socketConnections() == 1);

      pileUpUntilForgotten(() -> publishBig(student.id()), BIG_TEXT.length() * BURST);

      assertThat(reader.readUntilClose().code()).isEqualTo(4429);
    }
  }

  @Test
  void rawSocketThatStopsReadingWhileResumingIsClosed4429AndForgotten() {
    TestUser student = node.api().newUser(node.admin(), "student");
    try (TestSql sql = new TestSql(node.vertx())) {
      sql.update("INSERT INTO notifications (user_id, type, title, message) "
        + "SELECT $1, 'system', 'old news ' || n, repeat('y', $2) FROM generate_series(1, $3) n", student.id(), ROW_BYTES,
        REPLAY_ROWS);
    }
    try (RawWsClient reader = slowReader("/ws/notifications?token=" + student.token())) {
      Await.until("the socket is connected", () -> node.socketConnections() == 1);

      pileUpUntilForgotten(() -> reader.sendText(new JsonObject().put("type", "resume").put("last_id", 0).encode()),
        REPLAY_ROWS * ROW_BYTES);

      assertThat(reader.readUntilClose().code()).isEqualTo(4429);
    }
  }

  @Test
  void sockJsSessionThatStopsReadingIsClosedAndForgotten() {
    TestUser student = node.api().newUser(node.admin(), "student");
    String uri = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + student.token();
    try (RawWsClient reader = slowReader(uri)) {
      reader.sendText(new JsonArray().add(new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(student.id())).encode()).encode());
      Await.until("the session is authenticated", () -> node.socketConnections() == 1);

      pileUpUntilForgotten(() -> publishBig(student.id()), BIG_TEXT.length() * BURST);

      RawWsClient.Closing closing = reader.readUntilClose();
      assertThat(closing.code()).as("closed with a WebSocket close frame, not dropped").isNotEqualTo(-1);
      assertThat(closing.sockJsCode()).as("the last word, if it got through the unread backlog").isIn(null, 4429);
    }
  }

  private static RawWsClient slowReader(String uri) {
    return RawWsClient.connect(node.port(), uri, SMALL_RECEIVE_BUFFER);
  }

  private static void publishBig(long userId) {
    for (int i = 0; i < BURST; i++) {
      UserMessages.publish(node.vertx().eventBus(), userId,
        new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("padding", BIG_TEXT)));
    }
  }

  /**
   * Repeats {@code step}, each pushing about {@code bytesPerStep} at the client, until the server has dropped the client
   * from its count; once far more than any buffer could hold has been pushed, the server must drop it within the wait.
   * Checking the stats between steps paces them; a step the server refuses (a resume still running on a loaded machine)
   * pushes nothing, so the steps go on until the pushed bytes really pile up, within the same bound.
   */
  private static void pileUpUntilForgotten(Runnable step, int bytesPerStep) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (long pushed = 0; pushed < PILE_UP_BYTES || System.nanoTime() < deadline; pushed += bytesPerStep) {
      step.run();
      if (node.socketConnections() == 0) {
        return;
      }
      if (pushed >= PILE_UP_BYTES) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    Await.until("the slow reader is dropped from the count", () -> node.socketConnections() == 0);
  }

}
