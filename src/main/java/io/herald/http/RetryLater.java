package io.herald.http;

/** A refusal that tells the client when to try again: answered with its status and a {@code Retry-After} header. */
final class RetryLater extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;

  RetryLater(int status, long retryAfterMillis, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfterSeconds = Math.max(1, (retryAfterMillis + 999) / 1000);
  }

  int status() {
    return status;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
