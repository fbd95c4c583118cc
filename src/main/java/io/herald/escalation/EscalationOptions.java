package io.herald.escalation;

import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The escalation verticle's configuration: the ladder, and how often due steps are claimed, how many at a time, how
 * long a claim holds, and how long the sockets of every node are given to say who is online.
 */
public record EscalationOptions(JsonObject ladder, long intervalMs, int batch, long leaseMs, long presenceWaitMs) {

  public static final String INTERVAL_MS = "interval_ms";
  public static final String BATCH = "batch";
  public static final String LEASE_MS = "lease_ms";
  public static final String PRESENCE_WAIT_MS = "presence_wait_ms";

  /** The names {@code HERALD_ESCALATION_TUNING} may set. */
  public static final List<String> TUNING = List.of(INTERVAL_MS, BATCH, LEASE_MS, PRESENCE_WAIT_MS);

  /** From the verticle's settings ({@code HERALD_ESCALATION}, {@code HERALD_ESCALATION_TUNING}). */
  public static EscalationOptions from(JsonObject config) {
    JsonObject tuning = Settings.ESCALATION_TUNING.from(config);
    return new EscalationOptions(Settings.ESCALATION.from(config), tuning.getLong(INTERVAL_MS, 1_000L),
      tuning.getInteger(BATCH, 50), tuning.getLong(LEASE_MS, 60_000L), tuning.getLong(PRESENCE_WAIT_MS, 500L));
  }
}
