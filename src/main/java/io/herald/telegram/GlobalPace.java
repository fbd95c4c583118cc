package io.herald.telegram;

/** This node's share of Telegram's overall limit (about 30 messages a second): a budget per one-second window. */
final class GlobalPace {

  private static final long WINDOW_MS = 1_000;

  private final int perSecond;
  private long windowStart;
  private int spent;

  GlobalPace(int perSecond) {
    this.perSecond = perSecond;
  }

  int available(long now) {
    roll(now);
    return perSecond - spent;
  }

  void spend(long now) {
    roll(now);
    spent++;
  }

  private void roll(long now) {
    if (now - windowStart >= WINDOW_MS) {
      windowStart = now;
      spent = 0;
    }
  }
}
