package io.herald.persistence;

import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How broadcasts are written ({@code HERALD_BROADCAST_TUNING}): the recipients of one slice (one transaction), and
 * how long a node holds a broadcast it writes without writing another slice of it; once that has run out, any node
 * takes the broadcast over. Each producer instance looks for such broadcasts every third of the lease.
 */
public record BroadcastOptions(int slice, long leaseMs) {

  public static final String SLICE = "slice";
  public static final String LEASE_MS = "lease_ms";

  /** The names {@code HERALD_BROADCAST_TUNING} may set. */
  public static final List<String> TUNING = List.of(SLICE, LEASE_MS);

  public static BroadcastOptions from(JsonObject config) {
    JsonObject tuning = Settings.BROADCAST_TUNING.from(config);
    return new BroadcastOptions(Math.max(1, tuning.getInteger(SLICE, 1_000)), Math.max(1_000L, tuning.getLong(LEASE_MS, 30_000L)));
  }

  long takeOverIntervalMs() {
    return leaseMs / 3;
  }
}
