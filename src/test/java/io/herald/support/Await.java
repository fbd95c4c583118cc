package io.herald.support;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeoutException;

/** Waits on a future from the test thread, failing the test rather than hanging it. */
public final class Await {

  private static final long DEFAULT_SECONDS = 30;

  private Await() {
  }

  public static <T> T await(Future<T> future) {
    return await(future, DEFAULT_SECONDS);
  }

  public static <T> T await(Future<T> future, long seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + seconds + " s", e);
    }
  }

  /** Waits until the condition holds (checked every 20 ms), failing the test with the description after the deadline. */
  public static void until(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEFAULT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + DEFAULT_SECONDS + " s: " + description);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + description, e);
      }
    }
  }
}
