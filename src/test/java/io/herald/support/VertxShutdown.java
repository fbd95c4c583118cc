package io.herald.support;

import io.herald.Herald;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Stops a node and closes a Vert.x instance from the test thread; one that does not stop or close in time fails the
 * test with what the threads were doing, since a close that hangs means a thread is stuck (a deadlock, or an event loop
 * that never returns) or a stop step never completes.
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
    await(vertx.close(), seconds, "Vert.x not closed");
  }

  /** Waits for a node's stop, failing with the threads' stacks when it does not come. */
  public static void stop(Herald node) {
    await(node.stop(), CLOSE_SECONDS, "node not stopped");
  }

  private static void await(Future<?> done, long seconds, String failure) {
    try {
      done.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(failure + " within " + seconds + " s\n" + threads(), e);
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
