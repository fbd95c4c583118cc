package io.herald.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Delivery for the requests every node can answer itself (persistence, health, the user check): they go to this
 * node's consumer only, never round-robin to another node's, so a dead or frozen member can never hold one up.
 * Which addresses cross nodes and which stay: docs/event-bus.md, "Across a cluster".
 */
public final class OnThisNode {

  private OnThisNode() {
  }

  /** Local-only delivery with the event bus's default timeout (30 s). */
  public static DeliveryOptions delivery() {
    return new DeliveryOptions().setLocalOnly(true);
  }

  public static DeliveryOptions delivery(long timeoutMillis) {
    return delivery().setSendTimeout(timeoutMillis);
  }
}
