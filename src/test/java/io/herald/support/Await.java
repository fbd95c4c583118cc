package io.herald.support;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
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
}
