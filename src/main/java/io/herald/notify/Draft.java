package io.herald.notify;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A notification to create for a set of recipients: the given user ids plus every active user of the given
 * roles, minus {@code excludedUserId} (the actor). Each recipient gets at most one row.
 */
public record Draft(String type, String title, String message, JsonObject data, String link,
                    List<Long> userIds, List<String> roles, Long excludedUserId) {
}
