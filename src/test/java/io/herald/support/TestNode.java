package io.herald.support;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.database.DatabaseSettings;
import io.herald.metrics.HeraldMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a whole Herald node the way {@code Main} does, against the shared test database, on a free port. */
public final class TestNode {

  public static final String ADMIN_PASSWORD = "admin-test-password";
  public static final String JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

  private TestNode() {
  }

  /**
   * The configuration of a test node: shared database, free port, fast hashing, a temporary data folder. The sockets
   * verticle runs as one instance, the default; the tests of several instances start their own nodes.
   */
  public static HeraldConfig config() {
    return config(TestDatabase.settings());
  }

  /** The same against a database of the test's own, e.g. one it stops under the node. */
  public static HeraldConfig config(DatabaseSettings db) {
    return new HeraldConfig(new JsonObject()
      .put(Settings.HTTP_HOST.key(), "127.0.0.1")
      .put(Settings.HTTP_PORT.key(), 0)
      .put(Settings.DATA_DIR.key(), tempDir().toString())
      .put(Settings.PG_HOST.key(), db.host())
      .put(Settings.PG_PORT.key(), db.port())
      .put(Settings.PG_DATABASE.key(), db.database())
      .put(Settings.PG_USER.key(), db.user())
      .put(Settings.PG_PASSWORD.key(), db.password())
      .put(Settings.ADMIN_PASSWORD.key(), ADMIN_PASSWORD)
      .put(Settings.JWT_SECRET.key(), JWT_SECRET)
      .put(Settings.BCRYPT_COST.key(), 4)
      .put(Settings.REQUEST_TIMEOUT_MS.key(), 5_000)
      // no escalation ladder: its steps would outlive a test class in the shared database and reach the next one's
      // chats and mailboxes; the ladder's tests set their own
      .put(Settings.ESCALATION.key(), "{}")
      // no digest runner for the same reason: the digest tests start their own
      .put(Settings.DIGEST_TUNING.key(), new JsonObject().put("interval_ms", 0).encode())
      .mergeIn(sharedCounterHeadroom()));
  }

  /**
   * Request counters live in the database every test class shares, so the logins from 127.0.0.1 and the admin's
   * writes of the whole run add up; the limits themselves are tested with small values of their own.
   */
  public static JsonObject sharedCounterHeadroom() {
    return new JsonObject()
      .put(Settings.LOGINS_PER_ADDRESS.key(), 1_000_000)
      .put(Settings.LOGINS_PER_USERNAME.key(), 1_000_000)
      .put(Settings.COMPLAINTS_PER_USER.key(), 1_000_000)
      .put(Settings.NOTIFICATIONS_PER_USER.key(), 1_000_000)
      .put(Settings.BROADCASTS_PER_USER.key(), 1_000_000);
  }

  /** A Vert.x with the metrics {@code Main} starts it with. */
  public static Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setMetricsOptions(HeraldMetrics.options()));
  }

  public static Herald start(Vertx vertx) {
    return start(vertx, config());
  }

  public static Herald start(Vertx vertx, HeraldConfig config) {
    return Await.await(Herald.start(vertx, config), 90);
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("herald-test-data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
