package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.herald.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * The bot's commands: /start links the chat to a student account (as the registration setting allows),
 * /complain (guided or one line), /status, /mine, /cancel, /help. A complaint goes through the same request
 * as a REST one, with source {@code telegram} and the linked student as actor, within the chat's complaint
 * quota. A chat whose account is disabled (waiting for approval) is told so. Every answer goes out through the outbox.
 */
final class BotCommands {

  private static final Logger LOG = LoggerFactory.getLogger(BotCommands.class);
  static final String HELP = "Herald reports hostel problems.\n"
    + "/complain - report a problem, step by step\n"
    + ComplaintDraft.ONE_LINE_USAGE + " - all at once\n"
    + "/status &lt;id&gt; - where a complaint stands\n"
    + "/mine - your recent complaints\n"
    + "/cancel - stop the current report\n"
    + "/stop - unlink this chat from Herald";
  private static final String WAITING = "Your request to use Herald is waiting for an administrator's approval. "
    + "You can report problems here as soon as they have let you in.";
  private static final String NOT_INVITED = "Sorry, this Herald bot is only open to residents on its list. "
    + "Ask your hostel office to add your Telegram username or this chat's number: ";

  static final String LINKED = "telegram.link.linked";
  static final String BAD_CODE = "telegram.link.bad_code";
  static final String UNLINKED = "telegram.link.unlinked";
  static final String NOT_LINKED = "telegram.link.not_linked";

  private final EventBus bus;
  private final OutboxWriter outbox;
  private final Texts texts = Texts.escaping(TelegramHtml::escape);
  private final String chatLocale;

  /** {@code chatLocale}: the language of a chat linked to no user (HERALD_DEFAULT_LOCALE). */
  BotCommands(EventBus bus, OutboxWriter outbox, String chatLocale) {
    this.bus = bus;
    this.outbox = outbox;
    this.chatLocale = chatLocale;
  }

  Future<Void> dispatch(Incoming in) {
    return answer(in)
      .recover(failure -> {
        LOG.warn("Telegram command in update {} failed: {}", in.updateId(), failure.getMessage());
        return Future.succeededFuture("Sorry, something went wrong. Please try again in a moment.");
      })
      .compose(text -> outbox.enqueue(OutboxWriter.message("reply:" + in.updateId(), in.chatId(), OutboxWriter.KIND_REPLY, text)));
  }

  private Future<String> answer(Incoming in) {
    String text = in.text().trim();
    String command = command(text);
    String args = text.contains(" ") ? text.substring(text.indexOf(' ') + 1).trim() : "";
    if (command.equals("/start")) {
      return args.isEmpty() ? start(in) : startWithCode(in, args);
    }
    if (command.equals("/stop")) {
      return stop(in);
    }
    if (command.equals("/help")) {
      return Future.succeededFuture(HELP);
    }
    return request(Addresses.TELEGRAM_LINKS_GET, new JsonObject().put("chat_id", in.chatId()))
      .map(link -> link.getJsonObject("user"))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND ? Future.succeededFuture(null) : Future.failedFuture(failure))
      .compose(user -> {
        if (user == null) {
          return Future.succeededFuture("Send /start first to link this chat to Herald.");
        }
        return user.getBoolean("disabled", false) ? Future.succeededFuture(WAITING) : linked(in, user, command, args, text);
      });
  }

  private Future<String> linked(Incoming in, JsonObject user, String command, String args, String text) {
    return switch (command) {
      case "/cancel" -> saveState(in.chatId(), null).map("Cancelled.");
      case "/complain" -> args.isEmpty() ? beginDraft(in) : oneLine(in, user, args);
      case "/status" -> status(user, args);
      case "/mine" -> mine(user);
      default -> command.startsWith("/") ? Future.succeededFuture("Unknown command.\n" + HELP) : continueDraft(in, user, text);
    };
  }

  private Future<String> start(Incoming in) {
    JsonObject link = new JsonObject().put("chat_id", in.chatId()).put("telegram_user_id", in.fromId())
      .put("display_name", in.displayName()).put("username", in.username());
    return request(Addresses.TELEGRAM_LINKS_ENSURE, link)
      .map(linked -> linked.getJsonObject("user").getBoolean("disabled") ? WAITING
        : "Welcome! This chat is linked to the Herald account <b>"
          + TelegramHtml.escape(linked.getJsonObject("user").getString("username")) + "</b>.\n" + HELP)
      .recover(failure -> Failures.httpStatus(failure) == Failures.FORBIDDEN
        ? Future.succeededFuture(NOT_INVITED + in.chatId()) : Future.failedFuture(failure));
  }

  /**
   * {@code /start <code>} from the deep link a user made in Herald: binds this chat to their account, once; answered
   * in the user's language (a code that links nothing in the chat's).
   */
  private Future<String> startWithCode(Incoming in, String code) {
    JsonObject claim = new JsonObject().put("code", code).put("chat_id", in.chatId()).put("telegram_user_id", in.fromId());
    return request(Addresses.TELEGRAM_LINKS_CLAIM_CODE, claim)
      .map(linked -> {
        JsonObject user = linked.getJsonObject("user");
        return texts.render(user.getString("locale"), LINKED, Map.of("username", user.getString("username")));
      })
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture(texts.word(chatLocale, BAD_CODE)) : Future.failedFuture(failure));
  }

  /** Answered in the language of the user the chat was linked to. */
  private Future<String> stop(Incoming in) {
    return request(Addresses.TELEGRAM_LINKS_REMOVE, new JsonObject().put("chat_id", in.chatId()))
      .map(reply -> reply.getBoolean("removed") ? texts.word(reply.getString("locale"), UNLINKED)
        : texts.word(chatLocale, NOT_LINKED));
  }

  private Future<String> beginDraft(Incoming in) {
    ComplaintDraft draft = ComplaintDraft.start();
    return saveState(in.chatId(), draft.state()).map(ComplaintDraft.question(draft.nextStep()));
  }

  private Future<String> oneLine(Incoming in, JsonObject user, String args) {
    ComplaintDraft draft = ComplaintDraft.start();
    String problem = draft.fillFromLine(args);
    return problem != null ? Future.succeededFuture(TelegramHtml.escape(problem)) : create(in, user, draft);
  }

  private Future<String> continueDraft(Incoming in, JsonObject user, String text) {
    return request(Addresses.TELEGRAM_CONVERSATION_GET, new JsonObject().put("chat_id", in.chatId())).compose(reply -> {
      JsonObject state = reply.getJsonObject("state");
      if (state == null) {
        return Future.succeededFuture("Send /complain to report a problem, or /help.");
      }
      ComplaintDraft draft = ComplaintDraft.of(state);
      String problem = draft.answer(text);
      if (problem != null) {
        return Future.succeededFuture(TelegramHtml.escape(problem));
      }
      return draft.complete() ? create(in, user, draft)
        : saveState(in.chatId(), draft.state()).map(ComplaintDraft.question(draft.nextStep()));
    });
  }

  /** Within the chat's quota; over it the draft is dropped and the resident told when to send it again. */
  private Future<String> create(Incoming in, JsonObject user, ComplaintDraft draft) {
    return request(Addresses.TELEGRAM_COMPLAINT_QUOTA_TAKE, new JsonObject().put("chat_id", in.chatId()))
      .compose(quota -> quota.getBoolean("allowed") ? file(in, user, draft)
        : saveState(in.chatId(), null).map(tryLater(quota.getLong("retry_after_seconds"))));
  }

  private static String tryLater(long seconds) {
    long minutes = Math.max(1, (seconds + 59) / 60);
    return "You have reported several problems in a short time, thank you. Please send this one again in about "
      + minutes + (minutes == 1 ? " minute." : " minutes.");
  }

  private Future<String> file(Incoming in, JsonObject user, ComplaintDraft draft) {
    return request(Addresses.COMPLAINTS_CREATE, draft.request().put("actor", user))
      .compose(complaint -> saveState(in.chatId(), null).map("Thank you. Complaint <b>#" + complaint.getLong("id")
        + "</b> is recorded (" + TelegramHtml.escape(complaint.getString("severity")) + ", "
        + TelegramHtml.escape(complaint.getString("hostel")) + "). Follow it with /status " + complaint.getLong("id") + "."));
  }

  private Future<String> status(JsonObject user, String args) {
    long id;
    try {
      id = Long.parseLong(args.replace("#", ""));
    } catch (NumberFormatException e) {
      return Future.succeededFuture("Usage: /status &lt;complaint number&gt;");
    }
    return request(Addresses.COMPLAINTS_GET, new JsonObject().put("actor", user).put("id", id))
      .map(complaint -> "Complaint <b>#" + id + "</b>: " + TelegramHtml.escape(complaint.getString("status")) + "\n" + line(complaint))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture("You have no complaint #" + id + ".") : Future.failedFuture(failure));
  }

  private Future<String> mine(JsonObject user) {
    return request(Addresses.COMPLAINTS_LIST, new JsonObject().put("actor", user).put("limit", 10)).map(page -> {
      JsonArray items = page.getJsonArray("items");
      if (items.isEmpty()) {
        return "You have no complaints yet. Send /complain to report one.";
      }
      StringBuilder text = new StringBuilder("Your recent complaints:");
      items.forEach(item -> {
        JsonObject complaint = (JsonObject) item;
        text.append("\n#").append(complaint.getLong("id")).append(' ')
          .append(TelegramHtml.escape(complaint.getString("status"))).append(" - ").append(line(complaint));
      });
      return text.toString();
    });
  }

  private static String line(JsonObject complaint) {
    return TelegramHtml.escapeWithin(complaint.getString("category"), 64) + ", "
      + TelegramHtml.escapeWithin(complaint.getString("hostel"), 64) + " ("
      + TelegramHtml.escape(complaint.getString("severity")) + ")";
  }

  private Future<Void> saveState(long chatId, JsonObject state) {
    return request(Addresses.TELEGRAM_CONVERSATION_PUT, new JsonObject().put("chat_id", chatId).put("state", state)).mapEmpty();
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, OnThisNode.delivery()).map(reply -> reply.body());
  }

  private static String command(String text) {
    if (!text.startsWith("/")) {
      return "";
    }
    String first = text.split("\\s+", 2)[0];
    int at = first.indexOf('@');
    return (at < 0 ? first : first.substring(0, at)).toLowerCase(Locale.ROOT);
  }
}
