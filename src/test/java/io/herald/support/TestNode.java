package io.herald.support;

import io.herald.Herald;
import io.herald.config.ConfigKeys;
import io.herald.config.HeraldConfig;
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
   * The configuration of a test node: shared database, free port, fast hashing, a temporary data folder, and the sockets
   * verticle in three instances, so that every socket test also holds across instances.
   */
  public static HeraldConfig config() {
    return config(TestDatabase.settings());
  }

  /** The same against a database of the test's own, e.g. one it stops under the node. */
  public static HeraldConfig config(DatabaseSettings db) {
    return new HeraldConfig(new JsonObject()
      .put(ConfigKeys.HTTP_HOST, "127.0.0.1")
      .put(ConfigKeys.HTTP_PORT, 0)
      .put(ConfigKeys.DATA_DIR, tempDir().toString())
      .put(ConfigKeys.PG_HOST, db.host())
      .put(ConfigKeys.PG_PORT, db.port())
      .put(ConfigKeys.PG_DATABASE, db.database())
      .put(ConfigKeys.PG_USER, db.user())
      .put(ConfigKeys.PG_PASSWORD, db.password())
      .put(ConfigKeys.ADMIN_PASSWORD, ADMIN_PASSWORD)
      .put(ConfigKeys.JWT_SECRET, JWT_SECRET)
      .put(ConfigKeys.BCRYPT_COST, 4)
      .put(ConfigKeys.REQUEST_TIMEOUT_MS, 5_000)
      .put(ConfigKeys.SOCKETS_INSTANCES, 3)
      // no escalation ladder: its steps would outlive a test class in the shared database and reach the next one's
      // chats and mailboxes; the ladder's tests set their own
      .put(ConfigKeys.ESCALATION, "{}")
      .mergeIn(sharedCounterHeadroom()));
  }

  /**
   * Request counters live in the database every test class shares, so the logins from 127.0.0.1 and the admin's
   * writes of the whole run add up; the limits themselves are tested with small values of their own.
   */
  public static JsonObject sharedCounterHeadroom() {
    return new JsonObject()
      .put(ConfigKeys.LOGINS_PER_ADDRESS, 1_000_000)
      .put(ConfigKeys.LOGINS_PER_USERNAME, 1_000_000)
      .put(ConfigKeys.COMPLAINTS_PER_USER, 1_000_000)
      .put(ConfigKeys.NOTIFICATIONS_PER_USER, 1_000_000)
      .put(ConfigKeys.BROADCASTS_PER_USER, 1_000_000);
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
