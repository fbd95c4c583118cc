package io.herald.complaint;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a complaint may stay open or in progress, per severity, before it counts as overdue. Written as
 * {@code critical=1h,high=4h,medium=1d,low=3d}: a severity, {@code =}, a whole number and one of {@code s m h d};
 * severities left out keep their default.
 */
public final class OverdueThresholds {

  public static final String DEFAULT = "critical=1h,high=4h,medium=1d,low=3d";
  /** The severities in rising order; the SQL ranks them the same way. */
  public static final String[] SEVERITIES = {"low", "medium", "high", "critical"};

  private static final Pattern ENTRY = Pattern.compile("\\s*(low|medium|high|critical)\\s*=\\s*([1-9][0-9]{0,8})([smhd])\\s*");
  private static final Map<String, Duration> UNITS = Map.of("s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1),
    "h", Duration.ofHours(1), "d", Duration.ofDays(1));

  private final Map<String, Long> seconds;

  private OverdueThresholds(Map<String, Long> seconds) {
    this.seconds = seconds;
  }

  /** Parses the setting; a blank one means the defaults. Throws {@link IllegalArgumentException} naming the bad part. */
  public static OverdueThresholds parse(String setting) {
    Map<String, Long> seconds = new HashMap<>();
    readInto(seconds, DEFAULT);
    if (setting != null && !setting.isBlank()) {
      readInto(seconds, setting);
    }
    return new OverdueThresholds(seconds);
  }

  private static void readInto(Map<String, Long> seconds, String setting) {
    for (String part : setting.split(",")) {
      Matcher entry = ENTRY.matcher(part.toLowerCase(Locale.ROOT));
      if (!entry.matches()) {
        throw new IllegalArgumentException("overdue threshold '" + part.trim() + "' is not like critical=30m (units s, m, h, d)");
      }
      long count = Long.parseLong(entry.group(2));
      seconds.put(entry.group(1), UNITS.get(entry.group(3)).multipliedBy(count).toSeconds());
    }
  }

  public long seconds(String severity) {
    return seconds.get(severity);
  }

  /** Seconds per severity in the order of {@link #SEVERITIES}, the shape the complaint list's SQL takes. */
  public Long[] inSeverityOrder() {
    Long[] ordered = new Long[SEVERITIES.length];
    for (int i = 0; i < SEVERITIES.length; i++) {
      ordered[i] = seconds(SEVERITIES[i]);
    }
    return ordered;
  }

  public JsonArray toArray() {
    return new JsonArray(Arrays.asList(inSeverityOrder()));
  }

  /** {@code {low: s, medium: s, high: s, critical: s}}, as the dashboard reads it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (String severity : SEVERITIES) {
      json.put(severity, seconds(severity));
    }
    return json;
  }
}
