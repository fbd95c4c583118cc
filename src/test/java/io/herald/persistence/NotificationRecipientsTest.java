package io.herald.persistence;

import io.herald.notify.Draft;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification's recipient is read by key in the statement that writes it, under the notifications' ordered-ids
 * lock, and no longer checked again per row by a foreign key that locked the recipient's users row. Deleting a user
 * takes the same lock and deletes their notifications, whichever of the two transactions comes first.
 */
class NotificationRecipientsTest extends NodeTest {

  private static Pool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabase.pool(vertx);
  }

  @AfterAll
  static void disconnect() {
    pool.close();
  }

  @Test
  void aNotificationBeingWrittenLeavesItsRecipientsRowUnlocked() {
    long user = newUser();
    SqlConnection writer = Await.await(pool.getConnection());
    try {
      Transaction tx = Await.await(writer.begin());
      assertThat(Await.await(write(writer, user))).isEqualTo(1);

      // before: the foreign key's check held the row FOR KEY SHARE until the writer's commit
      assertThat(Await.await(pool.preparedQuery("SELECT id FROM users WHERE id = $1 FOR UPDATE NOWAIT")
        .execute(Tuple.of(user))).rowCount()).isEqualTo(1);
      Await.await(tx.rollback());
    } finally {
      writer.close();
    }
  }

  @Test
  void deletingAUserDeletesTheirNotifications() {
    long user = newUser();
    Await.await(pool.withTransaction(tx -> write(tx, user)));
    assertThat(notificationsOf(user)).isEqualTo(1);

    Await.await(pool.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(user)));

    assertThat(notificationsOf(user)).isZero();
  }

  @Test
  void aUserDeletedWhileTheirNotificationIsBeingWrittenTakesItWithThem() {
    long user = newUser();
    SqlConnection writer = Await.await(pool.getConnection());
    SqlConnection deleter = Await.await(pool.getConnection());
    try {
      Transaction tx = Await.await(writer.begin());
      assertThat(Await.await(write(writer, user))).isEqualTo(1);
      int deleting = backend(deleter);
      Future<?> deleted = deleter.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(user));
      awaitWaitingOnALock(deleting);

      Await.await(tx.commit());
      Await.await(deleted);

      assertThat(notificationsOf(user)).isZero();
    } finally {
      writer.close();
      deleter.close();
    }
  }

  @Test
  void aNotificationForAUserBeingDeletedIsNotWrittenAndFailsNothing() {
    long user = newUser();
    SqlConnection writer = Await.await(pool.getConnection());
    SqlConnection deleter = Await.await(pool.getConnection());
    try {
      Transaction deleting = Await.await(deleter.begin());
      Await.await(deleter.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(user)));
      int writing = backend(writer);
      Future<Integer> written = writer.begin().compose(tx -> write(writer, user).compose(rows -> tx.commit().map(rows)));
      awaitWaitingOnALock(writing);

      Await.await(deleting.commit());

      // before: the write's foreign-key check failed once the delete committed (23503), and with it its whole group
      assertThat(Await.await(written)).isZero();
      assertThat(notificationsOf(user)).isZero();
    } finally {
      writer.close();
      deleter.close();
    }
  }

  /** What every writer does ({@link NotificationWriter#insert}): the ordered-ids lock, then the draft's rows. */
  private static Future<Integer> write(SqlConnection connection, long user) {
    Draft draft = new Draft("system", "t", "m", new JsonObject(), null, List.of(user), List.of(), null);
    return NotificationWriter.insert(connection, draft).map(List::size);
  }

  private static long newUser() {
    return Await.await(pool.query("INSERT INTO users (username, role) VALUES ('recipients-' || gen_random_uuid(), "
      + "'student') RETURNING id").execute()).iterator().next().getLong(0);
  }

  private static long notificationsOf(long user) {
    return Await.await(pool.preparedQuery("SELECT count(*) FROM notifications WHERE user_id = $1")
      .execute(Tuple.of(user))).iterator().next().getLong(0);
  }

  private static int backend(SqlConnection connection) {
    return Await.await(connection.query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
  }

  /** Until the backend waits on a lock: the other transaction's ordered-ids lock, here. */
  private static void awaitWaitingOnALock(int backend) {
    Await.until("backend " + backend + " waits on a lock", () -> "Lock".equals(Await.await(pool
      .preparedQuery("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1").execute(Tuple.of(backend)))
      .iterator().next().getString(0)));
  }
}
