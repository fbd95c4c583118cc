package io.herald.sockets;

/** A rate budget: {@code perSecond} tokens refill continuously up to {@code burst}. */
final class TokenBucket {

  private final double perNano;
  private final int burst;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perSecond, int burst) {
    this.perNano = perSecond / 1_000_000_000d;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = System.nanoTime();
  }

  boolean take() {
    refill();
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
  }
}
