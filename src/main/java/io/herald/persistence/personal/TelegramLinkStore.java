package io.herald.persistence.personal;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.notify.Envelopes;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Outcome;
import io.herald.persistence.Publication;
import io.herald.persistence.Requests;
import io.herald.persistence.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A user's own Telegram chat: one-time link codes (only their SHA-256 is stored; single use, expiring, one live code
 * per user), binding a chat with a code, unlinking from either side, and resolving a "Mark read" button to the
 * notification and user it was sent for (only from the chat it was sent to, while that chat is linked to that user).
 */
public final class TelegramLinkStore {

  private static final int CODE_BYTES = 18;
  private static final String DROP_UNUSED = "DELETE FROM telegram_link_codes WHERE user_id = $1 AND used_at IS NULL";
  private static final String INSERT_CODE = "INSERT INTO telegram_link_codes (code_hash, user_id, expires_at) "
    + "VALUES ($1, $2, now() + make_interval(secs => $3::double precision)) RETURNING expires_at";
  private static final String USE_CODE = "UPDATE telegram_link_codes c SET used_at = now() FROM users u "
    + "WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > now() AND u.id = c.user_id AND NOT u.disabled "
    + "RETURNING u.id, u.username, u.role, u.disabled, u.locale";
  private static final String UNLINK_CHAT_OR_USER = "DELETE FROM telegram_links WHERE chat_id = $1 OR user_id = $2 "
    + "RETURNING user_id";
  private static final String LINK = "INSERT INTO telegram_links (chat_id, user_id, telegram_user_id) VALUES ($1, $2, $3) "
    + "RETURNING created_at";
  private static final String UNLINK = "DELETE FROM telegram_links l USING users u WHERE u.id = l.user_id AND ";
  private static final String UNLINK_CHAT = UNLINK + "l.chat_id = $1 RETURNING u.id, u.locale";
  private static final String UNLINK_USER = UNLINK + "l.user_id = $1 RETURNING u.id, u.locale";
  private static final String READ_BUTTON = "SELECT o.notification_id, u.id, u.username, u.role, u.disabled, u.locale "
    + "FROM telegram_outbox o JOIN telegram_links l ON l.chat_id = o.chat_id AND l.user_id = o.user_id "
    + "JOIN users u ON u.id = o.user_id WHERE o.read_token = $1 AND o.chat_id = $2 AND o.notification_id IS NOT NULL";

  private final Pool pool;
  private final SecureRandom random = new SecureRandom();

  public TelegramLinkStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.TELEGRAM_LINK_CODES_CREATE, this::createCode);
    binder.answer(Addresses.TELEGRAM_LINKS_CLAIM_CODE, this::claimCode);
    binder.answer(Addresses.TELEGRAM_LINKS_REMOVE, this::remove);
    binder.answer(Addresses.TELEGRAM_READ_BUTTON_RESOLVE, this::readButton);
  }

  /** {@code {actor, ttl_ms}}: a fresh code for the caller; any earlier unused code of theirs stops working. */
  private Future<JsonObject> createCode(JsonObject request) {
    Identity actor = Requests.actor(request);
    long ttlMs = Requests.requiredLong(request, "ttl_ms");
    byte[] bytes = new byte[CODE_BYTES];
    random.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return pool.withTransaction(tx -> tx.preparedQuery(DROP_UNUSED).execute(Tuple.of(actor.userId()))
      .compose(dropped -> tx.preparedQuery(INSERT_CODE).execute(Tuple.of(hash(code), actor.userId(), ttlMs / 1000.0)))
      .map(rows -> new JsonObject().put("code", code).put("expires_at", Rows.time(rows.iterator().next(), "expires_at"))));
  }

  /**
   * {@code {code, chat_id, telegram_user_id}}: binds the chat to the code's user, replacing the chat's and the user's
   * earlier links; 404 for a code that is unknown, used, expired or whose user is disabled (one answer for all). The
   * user's sockets are told at once, and so are those of a user whose link to this chat it replaced.
   */
  private Future<Outcome> claimCode(JsonObject request) {
    String code = Requests.requiredString(request, "code");
    long chatId = Requests.requiredLong(request, "chat_id");
    long telegramUserId = Requests.requiredLong(request, "telegram_user_id");
    return pool.withTransaction(tx -> tx.preparedQuery(USE_CODE).execute(Tuple.of(hash(code))).compose(rows -> {
      if (!rows.iterator().hasNext()) {
        return Future.failedFuture(new DomainException(Failures.NOT_FOUND, "unknown, used or expired link code"));
      }
      Row user = rows.iterator().next();
      long userId = user.getLong("id");
      List<Publication> told = new ArrayList<>();
      return tx.preparedQuery(UNLINK_CHAT_OR_USER).execute(Tuple.of(chatId, userId))
        .compose(unlinked -> {
          unlinked.forEach(row -> {
            if (row.getLong("user_id") != userId) {
              told.add(Publication.toUser(row.getLong("user_id"), Envelopes.telegramLink(false, null)));
            }
          });
          return tx.preparedQuery(LINK).execute(Tuple.of(chatId, userId, telegramUserId));
        })
        .map(linked -> {
          told.add(Publication.toUser(userId, Envelopes.telegramLink(true, Rows.time(linked.iterator().next(), "created_at"))));
          return Outcome.of(new JsonObject().put("chat_id", chatId).put("user", user(user)), told);
        });
    }));
  }

  /**
   * {@code {chat_id}} (the bot's /stop) or {@code {user_id}} (the API); {@code removed} tells whether a link was there,
   * {@code locale} is the language of the user it linked (null when none), whose sockets are told at once.
   */
  private Future<Outcome> remove(JsonObject request) {
    Long chatId = Requests.optionalLong(request, "chat_id");
    Long userId = Requests.optionalLong(request, "user_id");
    if ((chatId == null) == (userId == null)) {
      throw DomainException.badRequest("exactly one of chat_id, user_id");
    }
    return pool.preparedQuery(chatId != null ? UNLINK_CHAT : UNLINK_USER).execute(Tuple.of(chatId != null ? chatId : userId))
      .map(rows -> {
        Row unlinked = rows.iterator().hasNext() ? rows.iterator().next() : null;
        JsonObject reply = new JsonObject().put("removed", unlinked != null)
          .put("locale", unlinked != null ? unlinked.getString("locale") : null);
        return Outcome.of(reply, unlinked == null ? List.of()
          : List.of(Publication.toUser(unlinked.getLong("id"), Envelopes.telegramLink(false, null))));
      });
  }

  /** {@code {token, chat_id}}: the button's notification and its user; 404 when it does not hold for this chat. */
  private Future<JsonObject> readButton(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredString(request, "token"), Requests.requiredLong(request, "chat_id"));
    return pool.preparedQuery(READ_BUTTON).execute(params).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw DomainException.notFound("read button");
      }
      Row row = rows.iterator().next();
      return new JsonObject().put("notification_id", row.getLong("notification_id")).put("user", user(row));
    });
  }

  private static JsonObject user(Row row) {
    return new JsonObject().put("id", row.getLong("id")).put("username", row.getString("username"))
      .put("role", row.getString("role")).put("disabled", row.getBoolean("disabled")).put("locale", row.getString("locale"));
  }

  static String hash(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
