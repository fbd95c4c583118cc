package io.herald.outbox;

import java.util.concurrent.ThreadLocalRandom;

/** Retry delays of the outboxes' senders. */
public final class Backoff {

  private Backoff() {
  }

  /**
   * Exponential in the attempt number (base, 2 x base, ...), capped at {@code maxMs}, with "equal jitter" (half fixed,
   * half random) so that retries from many rows spread out.
   */
  public static long equalJitter(int attempts, long baseMs, long maxMs) {
    long ceiling = Math.min(maxMs, baseMs << Math.min(30, Math.max(0, attempts - 1)));
    long half = Math.max(1, ceiling / 2);
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }
}
