package io.herald.persistence;

import io.herald.database.DatabaseSettings;
import io.herald.database.Migrations;
import io.herald.support.Await;
import io.herald.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's {@code TRUNCATE users ... CASCADE} empties the notifications and what hangs on them, as it did while
 * notifications referred to users by a foreign key. On a database of its own, so that it empties no one else's users.
 */
@ExtendWith(VertxExtension.class)
class TruncatedUsersTest {

  @Test
  void truncatingUsersEmptiesTheirNotificationsAndTheirEscalationSteps(Vertx vertx) {
    DatabaseSettings shared = TestDatabase.settings();
    String name = "truncate_" + UUID.randomUUID().toString().replace("-", "");
    Pool admin = TestDatabase.pool(vertx);
    Await.await(admin.query("CREATE DATABASE " + name).execute());
    DatabaseSettings own = new DatabaseSettings(shared.host(), shared.port(), name, shared.user(), shared.password());
    Migrations.migrate(own);
    Pool pool = PgBuilder.pool().connectingTo(own.connectOptions()).using(vertx).build();
    try {
      long user = Await.await(pool.query("INSERT INTO users (username, role) VALUES ('truncated', 'student') RETURNING id")
        .execute()).iterator().next().getLong(0);
      long notification = Await.await(pool.preparedQuery("INSERT INTO notifications (user_id, type, title, message) "
        + "VALUES ($1, 'system', 't', 'm') RETURNING id").execute(Tuple.of(user))).iterator().next().getLong(0);
      Await.await(pool.preparedQuery("INSERT INTO escalation_steps (notification_id, user_id, step, channel, due_at) "
        + "VALUES ($1, $2, 1, 'email', now())").execute(Tuple.of(notification, user)));

      Await.await(pool.query("TRUNCATE users CASCADE").execute());

      assertThat(count(pool, "notifications")).isZero();
      assertThat(count(pool, "escalation_steps")).isZero();
    } finally {
      Await.await(pool.close());
      Await.await(admin.query("DROP DATABASE " + name + " WITH (FORCE)").execute());
      Await.await(admin.close());
    }
  }

  private static long count(Pool pool, String table) {
    return Await.await(pool.query("SELECT count(*) FROM " + table).execute()).iterator().next().getLong(0);
  }
}
