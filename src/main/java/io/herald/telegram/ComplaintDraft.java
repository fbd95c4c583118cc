package io.herald.telegram;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A complaint being written in the chat, one field per answer (hostel, room, category, severity,
 * description), or all at once as {@code hostel | room | category | severity | description}.
 * Its JSON is the conversation state stored in the database.
 */
final class ComplaintDraft {

  static final List<String> STEPS = List.of("hostel", "room", "category", "severity", "description");
  static final String ONE_LINE_USAGE = "/complain hostel | room | category | severity | description";
  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
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
  String fillFromLine(String line) {
    String[] parts = line.split("\\|", -1);
    if (parts.length != STEPS.size()) {
      return "Send all five parts separated by |: " + ONE_LINE_USAGE;
    }
    for (String part : parts) {
      String problem = answer(part);
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
  String answer(String text) {
    String step = nextStep();
    String value = text == null ? "" : text.trim();
    String problem = check(step, value);
    if (problem == null) {
      fields.put(step, normalised(step, value));
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

  static String question(String step) {
    return switch (step) {
      case "hostel" -> "Which hostel?";
      case "room" -> "Which room? (send - if none)";
      case "category" -> "What kind of problem (for example plumbing, electricity, heating)?";
      case "severity" -> "How serious: low, medium, high or critical?";
      default -> "Describe the problem.";
    };
  }

  private static String check(String step, String value) {
    if (value.isEmpty() || value.startsWith("/")) {
      return "Please answer: " + question(step);
    }
    int max = switch (step) {
      case "room" -> MAX_ROOM;
      case "description" -> MAX_DESCRIPTION;
      default -> MAX_SHORT;
    };
    if (value.length() > max) {
      return "That is too long (at most " + max + " characters). " + question(step);
    }
    if (step.equals("severity") && !SEVERITIES.contains(value.toLowerCase(Locale.ROOT))) {
      return "Severity must be low, medium, high or critical.";
    }
    return null;
  }

  private static String normalised(String step, String value) {
    return step.equals("severity") ? value.toLowerCase(Locale.ROOT) : value;
  }
}
