package io.herald.notify;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A notification to create for a set of recipients: the given user ids plus every active user of the given
 * roles, minus {@code excludedUserId} (the actor). Each recipient gets at most one row. {@code translations}
 * holds the title and message per locale ({@code {"el": {"title": ..., "message": ...}}}); a recipient whose
 * locale is not there reads {@code title} and {@code message} (a producer's own text reaches everyone as it is).
 */
public record Draft(String type, String title, String message, JsonObject translations, JsonObject data, String link,
                    List<Long> userIds, List<String> roles, Long excludedUserId) {

  /** The same text for every recipient. */
  public Draft(String type, String title, String message, JsonObject data, String link, List<Long> userIds,
               List<String> roles, Long excludedUserId) {
    this(type, title, message, new JsonObject(), data, link, userIds, roles, excludedUserId);
  }

  /** A draft whose text is rendered in every supported locale, English being the fallback. */
  public static Draft localized(String type, Localized text, JsonObject data, String link, List<Long> userIds,
                                List<String> roles, Long excludedUserId) {
    return new Draft(type, text.title(), text.message(), text.translations(), data, link, userIds, roles, excludedUserId);
  }
}
