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
 * quota. A chat whose account is disabled (waiting for approval) is told so. Every answer is in the language of the
 * chat's user (the organisation's, HERALD_DEFAULT_LOCALE, for a chat linked to no one) and goes out through the outbox.
 */
final class BotCommands {

  private static final int LINE_PART = 64;
  private static final Logger LOG = LoggerFactory.getLogger(BotCommands.class);

  static final String LINKED = "telegram.link.linked";
  static final String BAD_CODE = "telegram.link.bad_code";
  static final String UNLINKED = "telegram.link.unlinked";
  static final String NOT_LINKED = "telegram.link.not_linked";

  private final EventBus bus;
  private final OutboxWriter outbox;
  private final Texts texts = Texts.escaping(TelegramHtml::escape);
  private final String chatLocale;
  private final BotTexts inChat;

  /** {@code chatLocale}: the language of a chat linked to no user (HERALD_DEFAULT_LOCALE). */
  BotCommands(EventBus bus, OutboxWriter outbox, String chatLocale) {
    this.bus = bus;
    this.outbox = outbox;
    this.chatLocale = chatLocale;
    this.inChat = new BotTexts(texts, chatLocale);
  }

  Future<Void> dispatch(Incoming in) {
    return answer(in)
      .recover(failure -> {
        LOG.warn("Telegram command in update {} failed: {}", in.updateId(), failure.getMessage());
        return Future.succeededFuture(inChat.say("failed"));
      })
      .compose(text -> outbox.enqueue(OutboxWriter.message("reply:" + in.updateId(), in.chatId(), OutboxWriter.KIND_REPLY, text)));
  }

  /** Answered in the language of the user the chat is linked to; a chat linked to nobody in the chat's. */
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
    return request(Addresses.TELEGRAM_LINKS_GET, new JsonObject().put("chat_id", in.chatId()))
      .map(link -> link.getJsonObject("user"))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND ? Future.succeededFuture(null) : Future.failedFuture(failure))
      .compose(user -> {
        BotTexts say = user == null ? inChat : forUser(user);
        if (command.equals("/help")) {
          return Future.succeededFuture(say.help());
        }
        if (user == null) {
          return Future.succeededFuture(say.say("start_first"));
        }
        return user.getBoolean("disabled", false) ? Future.succeededFuture(say.say("waiting"))
          : linked(in, user, say, command, args, text);
      });
  }

  private Future<String> linked(Incoming in, JsonObject user, BotTexts say, String command, String args, String text) {
    return switch (command) {
      case "/cancel" -> saveState(in.chatId(), null).map(say.say("cancelled"));
      case "/complain" -> args.isEmpty() ? beginDraft(in, say) : oneLine(in, user, say, args);
      case "/status" -> status(user, say, args);
      case "/mine" -> mine(user, say);
      default -> command.startsWith("/") ? Future.succeededFuture(say.say("unknown") + "\n" + say.help())
        : continueDraft(in, user, say, text);
    };
  }

  private BotTexts forUser(JsonObject user) {
    return new BotTexts(texts, user.getString("locale"));
  }

  private Future<String> start(Incoming in) {
    JsonObject link = new JsonObject().put("chat_id", in.chatId()).put("telegram_user_id", in.fromId())
      .put("display_name", in.displayName()).put("username", in.username());
    return request(Addresses.TELEGRAM_LINKS_ENSURE, link)
      .map(linked -> {
        JsonObject user = linked.getJsonObject("user");
        BotTexts say = forUser(user);
        return user.getBoolean("disabled") ? say.say("waiting")
          : say.say("welcome", Map.of("username", user.getString("username"))) + "\n" + say.help();
      })
      .recover(failure -> Failures.httpStatus(failure) == Failures.FORBIDDEN
        ? Future.succeededFuture(inChat.say("not_invited", Map.of("chat", in.chatId()))) : Future.failedFuture(failure));
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

  private Future<String> beginDraft(Incoming in, BotTexts say) {
    ComplaintDraft draft = ComplaintDraft.start();
    return saveState(in.chatId(), draft.state()).map(say.question(draft.nextStep()));
  }

  private Future<String> oneLine(Incoming in, JsonObject user, BotTexts say, String args) {
    ComplaintDraft draft = ComplaintDraft.start();
    String problem = draft.fillFromLine(args, say);
    return problem != null ? Future.succeededFuture(problem) : create(in, user, say, draft);
  }

  private Future<String> continueDraft(Incoming in, JsonObject user, BotTexts say, String text) {
    return request(Addresses.TELEGRAM_CONVERSATION_GET, new JsonObject().put("chat_id", in.chatId())).compose(reply -> {
      JsonObject state = reply.getJsonObject("state");
      if (state == null) {
        return Future.succeededFuture(say.say("idle"));
      }
      ComplaintDraft draft = ComplaintDraft.of(state);
      String problem = draft.answer(text, say);
      if (problem != null) {
        return Future.succeededFuture(problem);
      }
      return draft.complete() ? create(in, user, say, draft)
        : saveState(in.chatId(), draft.state()).map(say.question(draft.nextStep()));
    });
  }

  /** Within the chat's quota; over it the draft is dropped and the resident told when to send it again. */
  private Future<String> create(Incoming in, JsonObject user, BotTexts say, ComplaintDraft draft) {
    return request(Addresses.TELEGRAM_COMPLAINT_QUOTA_TAKE, new JsonObject().put("chat_id", in.chatId()))
      .compose(quota -> quota.getBoolean("allowed") ? file(in, user, say, draft)
        : saveState(in.chatId(), null).map(tryLater(say, quota.getLong("retry_after_seconds"))));
  }

  private static String tryLater(BotTexts say, long seconds) {
    long minutes = Math.max(1, (seconds + 59) / 60);
    return say.say(minutes == 1 ? "try_later.one" : "try_later.other", Map.of("count", minutes));
  }

  private Future<String> file(Incoming in, JsonObject user, BotTexts say, ComplaintDraft draft) {
    return request(Addresses.COMPLAINTS_CREATE, draft.request().put("actor", user))
      .compose(complaint -> saveState(in.chatId(), null).map(say.say("recorded", Map.of("id", complaint.getLong("id"),
        "severity", say.severity(complaint.getString("severity")), "hostel", complaint.getString("hostel")))));
  }

  private Future<String> status(JsonObject user, BotTexts say, String args) {
    long id;
    try {
      id = Long.parseLong(args.replace("#", ""));
    } catch (NumberFormatException e) {
      return Future.succeededFuture(say.say("status_usage"));
    }
    return request(Addresses.COMPLAINTS_GET, new JsonObject().put("actor", user).put("id", id))
      .map(complaint -> say.say("status", Map.of("id", id, "status", say.status(complaint.getString("status"))))
        + "\n" + line(say, complaint))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture(say.say("no_such", Map.of("id", id))) : Future.failedFuture(failure));
  }

  private Future<String> mine(JsonObject user, BotTexts say) {
    return request(Addresses.COMPLAINTS_LIST, new JsonObject().put("actor", user).put("limit", 10)).map(page -> {
      JsonArray items = page.getJsonArray("items");
      if (items.isEmpty()) {
        return say.say("none_yet");
      }
      StringBuilder text = new StringBuilder(say.say("recent"));
      items.forEach(item -> {
        JsonObject complaint = (JsonObject) item;
        text.append("\n#").append(complaint.getLong("id")).append(' ')
          .append(TelegramHtml.escape(say.status(complaint.getString("status")))).append(" - ").append(line(say, complaint));
      });
      return text.toString();
    });
  }

  /** What, where and how serious, each part shortened to what a chat line can hold. */
  private static String line(BotTexts say, JsonObject complaint) {
    return say.say("line", Map.of("category", TelegramHtml.clip(complaint.getString("category"), LINE_PART),
      "hostel", TelegramHtml.clip(complaint.getString("hostel"), LINE_PART),
      "severity", say.severity(complaint.getString("severity"))));
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
