package io.herald.support;

import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Closes a Vert.x instance from the test thread; one that does not close in time fails the test with what its threads
 * were doing, since a close that hangs means a thread of it is stuck (a deadlock, or an event loop that never returns).
 */
public final class VertxShutdown {

  private static final long CLOSE_SECONDS = 25;
  private static final int FRAMES_PER_THREAD = 25;

  private VertxShutdown() {
  }

  public static void close(Vertx vertx) {
    close(vertx, CLOSE_SECONDS);
  }

  static void close(Vertx vertx, long seconds) {
    try {
      vertx.close().await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Vert.x not closed within " + seconds + " s\n" + threads(), e);
    }
  }

  /** The deadlocked threads, if any, then the stack of every Vert.x and Netty thread still alive. */
  static String threads() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] deadlocked = threads.findDeadlockedThreads();
    String header = deadlocked == null ? "no deadlock found" : "deadlocked threads: " + Arrays.toString(deadlocked);
    return header + "\n" + Arrays.stream(threads.dumpAllThreads(true, true))
      .filter(info -> info.getThreadName().startsWith("vert.x-") || info.getThreadName().contains("eventloop"))
      .map(VertxShutdown::describe)
      .collect(Collectors.joining("\n"));
  }

  private static String describe(ThreadInfo info) {
    StringBuilder text = new StringBuilder("\"" + info.getThreadName() + "\" id=" + info.getThreadId() + " "
      + info.getThreadState());
    if (info.getLockName() != null) {
      text.append(" on ").append(info.getLockName()).append(" owned by ").append(info.getLockOwnerName());
    }
    StackTraceElement[] stack = info.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, FRAMES_PER_THREAD); i++) {
      text.append("\n    at ").append(stack[i]);
    }
    return text.toString();
  }
}
