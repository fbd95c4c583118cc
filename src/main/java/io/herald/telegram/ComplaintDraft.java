package io.herald.telegram;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * A complaint being written in the chat, one field per answer (hostel, room, category, severity,
 * description), or all at once as {@code hostel | room | category | severity | description}.
 * Its JSON is the conversation state stored in the database. Questions and complaints about an answer are in the
 * reader's language ({@link BotTexts}).
 */
final class ComplaintDraft {

  static final List<String> STEPS = List.of("hostel", "room", "category", "severity", "description");
  private static final int MAX_SHORT = 64;
  private static final int MAX_ROOM = 32;
  private static final int MAX_DESCRIPTION = 4000;
  private static final String NO_ROOM = "-";

  private final JsonObject fields;

  private ComplaintDraft(JsonObject fields) {
    this.fields = fields;
  }

  static ComplaintDraft start() {
    return new ComplaintDraft(new JsonObject());
  }

  static ComplaintDraft of(JsonObject state) {
    return new ComplaintDraft(state.getJsonObject("draft", new JsonObject()));
  }

  /** Fills a new draft from the one-line form; returns the first problem, or null when the draft is complete. */
  String fillFromLine(String line, BotTexts say) {
    String[] parts = line.split("\\|", -1);
    if (parts.length != STEPS.size()) {
      return say.say("five_parts", Map.of("usage", say.say("usage")));
    }
    for (String part : parts) {
      String problem = answer(part, say);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  String nextStep() {
    return STEPS.stream().filter(step -> !fields.containsKey(step)).findFirst().orElse(null);
  }

  /** Records the answer for the next step; returns a complaint about the answer, or null when it was taken. */
  String answer(String text, BotTexts say) {
    String step = nextStep();
    String value = text == null ? "" : text.trim();
    String problem = check(step, value, say);
    if (problem == null) {
      fields.put(step, step.equals("severity") ? say.severityOf(value) : value);
    }
    return problem;
  }

  boolean complete() {
    return nextStep() == null;
  }

  JsonObject state() {
    return new JsonObject().put("flow", "complain").put("draft", fields.copy());
  }

  /** The fields of a complaint-create request. */
  JsonObject request() {
    JsonObject request = fields.copy().put("source", "telegram");
    if (NO_ROOM.equals(request.getString("room"))) {
      request.putNull("room");
    }
    return request;
  }

  private static String check(String step, String value, BotTexts say) {
    if (value.isEmpty() || value.startsWith("/") || value.indexOf('\u0000') >= 0) {
      return say.say("please_answer", Map.of("question", say.question(step)));
    }
    int max = switch (step) {
      case "room" -> MAX_ROOM;
      case "description" -> MAX_DESCRIPTION;
      default -> MAX_SHORT;
    };
    if (value.length() > max) {
      return say.say("too_long", Map.of("max", max, "question", say.question(step)));
    }
    if (step.equals("severity") && say.severityOf(value) == null) {
      return say.say("bad_severity");
    }
    return null;
  }
}
