package io.herald.sockets;

/** WebSocket close codes Herald uses; documented in {@code docs/sockets.md}. */
final class CloseCodes {

  static final short GOING_AWAY = 1001;
  static final short POLICY_VIOLATION = 1008;
  static final short TOO_BIG = 1009;
  static final short TRY_AGAIN_LATER = 1013;
  static final short UNAUTHORIZED = 4401;
  static final short REVOKED = 4403;
  static final short IDLE = 4408;
  static final short TOO_SLOW = 4429;

  private CloseCodes() {
  }
}
