package io.herald.cluster;

import io.herald.support.TestJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Herald node in a JVM of its own, started from the test classpath with {@code io.herald.Main} and its settings in
 * the environment, its output in a log file. Signals go to its process id: kill -9, SIGSTOP and SIGCONT.
 */
final class NodeProcess {

  private static final long START_SECONDS = 120;
  private static final String UP = "Herald is up on port";

  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private int upLinesBeforeStart;

  NodeProcess(String name, Map<String, String> env, Path log) {
    this.name = name;
    this.env = env;
    this.log = log;
  }

  /** Starts the JVM; {@link #awaitUp()} waits for the node to serve. */
  void start() {
    ProcessBuilder builder = new ProcessBuilder(List.of(TestJvm.javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Djava.net.preferIPv4Stack=true", "-cp", TestJvm.classpath(), "io.herald.Main"));
    builder.environment().keySet().removeIf(key -> key.startsWith("HERALD_") || key.startsWith("TELEGRAM_") || key.startsWith("JWT_"));
    builder.environment().putAll(env);
    upLinesBeforeStart = upLines();
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void awaitUp() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (upLines() <= upLinesBeforeStart) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not up within " + START_SECONDS + " s; see " + log);
      }
      LocalCluster.sleep(200);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Waits for the process to end by itself; its exit code, or null when it still runs after the wait. */
  Integer awaitExit(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown, the sockets are reset by the kernel. */
  void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  /** SIGTERM: Herald's orderly shutdown (sockets closed with 1001). */
  void terminate() {
    if (process != null) {
      process.destroy();
      waitFor();
    }
  }

  /** SIGSTOP: the process freezes, its connections stay open, its heartbeats stop. */
  void freeze() {
    signal("-STOP");
  }

  void thaw() {
    signal("-CONT");
  }

  Path log() {
    return log;
  }

  String name() {
    return name;
  }

  private int upLines() {
    try {
      return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(line -> line.contains(UP)).count() : 0;
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
