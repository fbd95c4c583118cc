package io.herald.bench;

import io.herald.database.DatabaseServer;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL on its own, for benchmarks of several nodes that share one database (bench/cluster.sh):
 * {@code BenchDatabase <port>} starts it in a temporary folder, prints {@code ready <port>}, and runs until it is
 * sent SIGTERM, which stops the server.
 */
public final class BenchDatabase {

  private BenchDatabase() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    DatabaseServer server = DatabaseServer.start(Files.createTempDirectory("herald-bench-pg"), Integer.parseInt(args[0]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.println("ready " + server.settings().port());
    stopped.await();
  }
}
