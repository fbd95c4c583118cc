package io.herald.escalation;

import io.herald.notify.NotificationType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * The ladder setting ({@code HERALD_ESCALATION}): per notification type ({@code "*"} for any type without its own
 * entry) and priority, the steps after the in-app notification, each {@code {channel, after_ms, unless_online?}}.
 */
public final class EscalationLadder {

  public static final String ANY_TYPE = "*";
  private static final List<String> PRIORITIES = List.of("critical", "normal");
  private static final List<String> CHANNELS = List.of(NotificationType.TELEGRAM, NotificationType.EMAIL);
  private static final Set<String> STEP_FIELDS = Set.of("channel", "after_ms", "unless_online");
  private static final long TELEGRAM_AFTER_MS = 2 * 60_000L;
  private static final long EMAIL_AFTER_MS = 10 * 60_000L;

  private EscalationLadder() {
  }

  /** Critical: personal Telegram after 2 minutes unless the user is online anywhere, then email after 10; normal: none. */
  public static JsonObject defaults() {
    JsonArray critical = new JsonArray()
      .add(new JsonObject().put("channel", NotificationType.TELEGRAM).put("after_ms", TELEGRAM_AFTER_MS).put("unless_online", true))
      .add(new JsonObject().put("channel", NotificationType.EMAIL).put("after_ms", EMAIL_AFTER_MS));
    return new JsonObject().put(ANY_TYPE, new JsonObject().put("critical", critical).put("normal", new JsonArray()));
  }

  /** The ladder as given, or an {@link IllegalArgumentException} naming the first thing wrong with it. */
  public static JsonObject validated(JsonObject ladder) {
    ladder.forEach(type -> {
      if (!ANY_TYPE.equals(type.getKey()) && !NotificationType.isKnown(type.getKey())) {
        throw invalid("unknown notification type '" + type.getKey() + "'");
      }
      if (!(type.getValue() instanceof JsonObject priorities)) {
        throw invalid(type.getKey() + " must be an object of priorities");
      }
      priorities.forEach(priority -> {
        if (!PRIORITIES.contains(priority.getKey()) || !(priority.getValue() instanceof JsonArray steps)) {
          throw invalid(type.getKey() + "." + priority.getKey() + " must be one of " + PRIORITIES + " with a list of steps");
        }
        steps.forEach(step -> validateStep(type.getKey() + "." + priority.getKey(), step));
      });
    });
    return ladder;
  }

  private static void validateStep(String where, Object step) {
    if (!(step instanceof JsonObject fields) || !STEP_FIELDS.containsAll(fields.fieldNames())) {
      throw invalid(where + ": each step is {channel, after_ms, unless_online?}");
    }
    if (!CHANNELS.contains(fields.getValue("channel"))) {
      throw invalid(where + ": channel must be one of " + CHANNELS);
    }
    if (!(fields.getValue("after_ms") instanceof Number after) || after.longValue() < 0) {
      throw invalid(where + ": after_ms must be a number of milliseconds, 0 or more");
    }
    if (fields.containsKey("unless_online") && !(fields.getValue("unless_online") instanceof Boolean)) {
      throw invalid(where + ": unless_online must be true or false");
    }
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("Configuration HERALD_ESCALATION: " + problem);
  }
}
