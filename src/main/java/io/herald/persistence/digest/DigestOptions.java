package io.herald.persistence.digest;

import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The daily digest's runner ({@code HERALD_DIGEST_TUNING}): how often each node looks for users whose digest is due
 * (0: never), how many users one pass handles before the next, and how many unread notifications a digest lists
 * (the rest are counted in an "and N more" line).
 */
public record DigestOptions(long intervalMs, int batch, int maxItems) {

  public static final String INTERVAL_MS = "interval_ms";
  public static final String BATCH = "batch";
  public static final String MAX_ITEMS = "max_items";

  /** The names {@code HERALD_DIGEST_TUNING} may set. */
  public static final List<String> TUNING = List.of(INTERVAL_MS, BATCH, MAX_ITEMS);

  public static DigestOptions from(JsonObject config) {
    JsonObject tuning = Settings.DIGEST_TUNING.from(config);
    return new DigestOptions(tuning.getLong(INTERVAL_MS, 60_000L), Math.max(1, tuning.getInteger(BATCH, 100)),
      Math.max(1, tuning.getInteger(MAX_ITEMS, 20)));
  }
}
