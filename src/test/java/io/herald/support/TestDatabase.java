package io.herald.support;

import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real embedded PostgreSQL for the whole test run, started on first use and stopped when the JVM
 * exits. Tests share it and keep out of each other's way by making their own data with unique names.
 */
public final class TestDatabase {

  private static DatabaseSettings settings;

  private TestDatabase() {
  }

  public static synchronized DatabaseSettings settings() {
    if (settings == null) {
      try {
        Path dir = Files.createTempDirectory("herald-test-pg");
        DatabaseServer server = DatabaseServer.start(dir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        settings = server.settings();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return settings;
  }

  /** A pool of the test's own on the shared database, for connections and transactions it drives itself. */
  public static Pool pool(Vertx vertx) {
    return PgBuilder.pool().connectingTo(settings().connectOptions()).using(vertx).build();
  }
}
