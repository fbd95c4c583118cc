package io.herald.escalation;

import io.vertx.core.json.JsonObject;

/**
 * The escalation verticle's configuration: the ladder, and how often due steps are claimed, how many at a time, how
 * long a claim holds, and how long the sockets of every node are given to say who is online.
 */
public record EscalationOptions(JsonObject ladder, long intervalMs, int batch, long leaseMs, long presenceWaitMs) {

  public static final String LADDER = "ladder";
  public static final String INTERVAL_MS = "interval_ms";
  public static final String BATCH = "batch";
  public static final String LEASE_MS = "lease_ms";
  public static final String PRESENCE_WAIT_MS = "presence_wait_ms";

  public static EscalationOptions from(JsonObject config) {
    JsonObject ladder = config.getJsonObject(LADDER);
    return new EscalationOptions(EscalationLadder.validated(ladder == null ? EscalationLadder.defaults() : ladder),
      config.getLong(INTERVAL_MS, 1_000L), config.getInteger(BATCH, 50), config.getLong(LEASE_MS, 60_000L),
      config.getLong(PRESENCE_WAIT_MS, 500L));
  }
}
