package io.herald.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server started from the embedded binaries, with its data kept under the given
 * folder so that it survives restarts. Used when no external database is configured.
 */
public final class DatabaseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

  private final EmbeddedPostgres postgres;

  private DatabaseServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts the server on the given port, or on a free one when the port is 0. Blocking. */
  public static DatabaseServer start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      stopOrphanedServer(dataDirectory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "200")
        // the embedded defaults trade durability for speed; a notification service must not lose commits
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      LOG.info("Embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), dataDirectory.toAbsolutePath());
      return new DatabaseServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /**
   * A server left running by a process that was killed without shutting it down still holds the data
   * folder; it has no clients left, so it is asked to stop before a new one starts.
   */
  private static void stopOrphanedServer(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    if (!firstLine.matches("\\d+")) {
      return;
    }
    ProcessHandle.of(Long.parseLong(firstLine))
      .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false))
      .ifPresent(orphan -> {
        LOG.warn("Stopping an orphaned PostgreSQL (pid {}) that still holds {}", orphan.pid(), dataDirectory);
        orphan.destroy();
        orphan.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
      });
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings("localhost", postgres.getPort(), "postgres", "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
