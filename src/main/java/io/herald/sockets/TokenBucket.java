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

  /** How long until the next token, for a client told to retry. */
  long millisUntilNext() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1_000_000d);
  }

  /** Refilled to the burst: forgetting this bucket and starting a new one later changes nothing. */
  boolean full() {
    refill();
    return tokens >= burst;
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
  }
}
