package io.herald.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which chats hear about a complaint: none when alerts are off or the severity is filtered out; else the
 * admin chats, plus that hostel's chats when hostel routing is on.
 */
final class AlertRouting {

  private static final Set<String> HIGH = Set.of("high", "critical");

  private AlertRouting() {
  }

  static Set<Long> chatsFor(JsonObject settings, JsonObject complaint) {
    Set<Long> chats = new LinkedHashSet<>();
    if (!settings.getBoolean("enabled", true)) {
      return chats;
    }
    if (settings.getBoolean("high_severity_only", false) && !HIGH.contains(complaint.getString("severity"))) {
      return chats;
    }
    chats.addAll(adminChats(settings));
    if (settings.getBoolean("hostel_specific", false)) {
      addAll(chats, settings.getJsonObject("hostel_chat_ids", new JsonObject()).getJsonArray(complaint.getString("hostel"), new JsonArray()));
    }
    return chats;
  }

  static Set<Long> adminChats(JsonObject settings) {
    Set<Long> chats = new LinkedHashSet<>();
    addAll(chats, settings.getJsonArray("admin_chat_ids", new JsonArray()));
    return chats;
  }

  private static void addAll(Set<Long> chats, JsonArray ids) {
    ids.forEach(id -> chats.add(((Number) id).longValue()));
  }
}
