package io.herald.persistence.email;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * A user's address, language and time zone. An address the user sets themselves is unverified until they confirm
 * it from the verification mail queued in the same transaction; an address an admin sets is verified at once.
 */
public final class ProfileStore {

  private static final String LOCK = "SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1 FOR UPDATE";
  private static final String UPDATE = "UPDATE users SET email = $2, locale = COALESCE($3, locale), "
    + "time_zone = CASE WHEN $4 THEN $5 ELSE time_zone END, "
    + "email_verified_at = CASE $6 WHEN 'now' THEN now() WHEN 'clear' THEN NULL ELSE email_verified_at END "
    + "WHERE id = $1";
  private static final String CONFIRM = "UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()) "
    + "WHERE id = $1 AND email = $2 AND NOT disabled RETURNING id";
  private static final String VERIFICATION = "verification";

  private final Pool pool;

  public ProfileStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.USERS_PROFILE_UPDATE, this::update);
    binder.answer(Addresses.USERS_EMAIL_CONFIRM, this::confirm);
  }

  private Future<JsonObject> update(JsonObject request) {
    ProfileChange change = ProfileChange.from(request);
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(change.userId())).compose(rows -> {
      if (!rows.iterator().hasNext()) {
        throw DomainException.notFound("user");
      }
      Row current = rows.iterator().next();
      String email = change.emailGiven() ? change.email() : current.getString("email");
      String verification = verification(change, current);
      Tuple params = Tuple.of(change.userId(), email, change.locale(), change.zoneGiven(), change.timeZone(), verification);
      boolean ask = change.emailGiven() && email != null && "clear".equals(verification);
      return tx.preparedQuery(UPDATE).execute(params)
        .compose(done -> ask ? askToConfirm(tx, change.userId(), email) : Future.succeededFuture(false))
        .map(sent -> new JsonObject().put("id", change.userId()).put("verification_queued", sent));
    }));
  }

  /** now: an admin vouches; keep: the address did not change; clear: a new address waits for its confirmation. */
  private static String verification(ProfileChange change, Row current) {
    if (!change.emailGiven()) {
      return "keep";
    }
    if (change.email() != null && change.vouched()) {
      return "now";
    }
    boolean same = change.email() != null && change.email().equals(current.getString("email"));
    return same && current.getBoolean("verified") ? "keep" : "clear";
  }

  private static Future<Boolean> askToConfirm(SqlConnection tx, long userId, String email) {
    JsonObject message = new JsonObject().put("dedupe_key", VERIFICATION + ":" + userId + ":" + UUID.randomUUID())
      .put("user_id", userId).put("to_address", email).put("template", VERIFICATION);
    return EmailOutboxStore.enqueueOne(tx, message);
  }

  /** Marks the address verified when it is still the user's address; a link for an address since changed confirms nothing. */
  private Future<JsonObject> confirm(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredLong(request, "user_id"), Requests.requiredString(request, "email"));
    return pool.preparedQuery(CONFIRM).execute(params).map(rows -> {
      if (rows.rowCount() == 0) {
        throw new DomainException(Failures.CONFLICT, "this link is for an address that is no longer the account's");
      }
      return new JsonObject().put("verified", true);
    });
  }
}
