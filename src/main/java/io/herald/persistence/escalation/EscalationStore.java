package io.herald.persistence.escalation;

import io.herald.bus.Addresses;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Requests;
import io.herald.persistence.email.EmailOutboxStore;
import io.herald.telegram.TelegramHtml;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The escalation ladder's durable steps: the ladder in force, claiming due steps ({@code FOR UPDATE SKIP LOCKED} with
 * a lease, so each runs on one node), running one (in one transaction: cancelled if read meanwhile, skipped if the
 * user is online or has no way to be reached, else its message queued in the channel's outbox).
 */
public final class EscalationStore {

  static final String QUEUED = "queued";
  static final String SKIPPED = "skipped";
  static final String CANCELLED = "cancelled";
  private static final int TOKEN_BYTES = 16;
  private static final int TITLE_BUDGET = 256;
  private static final int MESSAGE_BUDGET = 3000;

  private final Pool pool;
  private final SecureRandom random = new SecureRandom();

  public EscalationStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.ESCALATION_LADDER_PUT, request -> pool.preparedQuery(EscalationSql.PUT_LADDER)
      .execute(Tuple.of(request.getJsonObject("ladder", new JsonObject()))).map(done -> new JsonObject().put("ok", true)));
    binder.answer(Addresses.ESCALATION_CLAIM, this::claim);
    binder.answer(Addresses.ESCALATION_FIRE, this::fire);
  }

  /** {@code {node, batch, lease_ms}}: due steps, leased to the node. */
  private Future<JsonObject> claim(JsonObject request) {
    Tuple params = Requests.claim(request);
    return pool.withConnection(conn -> conn.query(EscalationSql.POSTPONE_QUIET).execute()
      .compose(postponed -> conn.preparedQuery(EscalationSql.CLAIM).execute(params)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id"))
          .put("notification_id", row.getLong("notification_id")).put("user_id", row.getLong("user_id"))
          .put("channel", row.getString("channel")).put("unless_online", row.getBoolean("unless_online"))));
        return new JsonObject().put("items", items);
      });
  }

  /** {@code {id, node, online}}: runs a step this node holds; {@code status} says what became of it. */
  private Future<JsonObject> fire(JsonObject request) {
    long id = Requests.requiredLong(request, "id");
    String node = Requests.requiredString(request, "node");
    boolean online = request.getBoolean("online", false);
    return pool.withTransaction(tx -> tx.preparedQuery(EscalationSql.LOCK_STEP).execute(Tuple.of(id, node)).compose(rows -> {
      if (!rows.iterator().hasNext()) {
        return Future.succeededFuture(new JsonObject().put("status", "not held"));
      }
      Row step = rows.iterator().next();
      if (step.getBoolean("done_with")) {
        return finish(tx, id, CANCELLED, "read", null);
      }
      if (online) {
        return finish(tx, id, SKIPPED, "user online", null);
      }
      if (!step.getBoolean("switched_on")) {
        return finish(tx, id, SKIPPED, step.getString("channel") + " switched off for " + step.getString("type"), null);
      }
      return "telegram".equals(step.getString("channel")) ? telegram(tx, step) : email(tx, step);
    }));
  }

  private Future<JsonObject> telegram(SqlConnection tx, Row step) {
    long id = step.getLong("id");
    Tuple params = Tuple.of(id, text(step), step.getLong("notification_id"), step.getLong("user_id"), token());
    return tx.preparedQuery(EscalationSql.TELEGRAM).execute(params).compose(rows -> rows.iterator().hasNext()
      ? finish(tx, id, QUEUED, null, rows.iterator().next().getLong("id"))
      : finish(tx, id, SKIPPED, "no linked Telegram chat", null));
  }

  private Future<JsonObject> email(SqlConnection tx, Row step) {
    long id = step.getLong("id");
    JsonObject mail = new JsonObject().put("dedupe_key", "escalation:" + id).put("user_id", step.getLong("user_id"))
      .put("notification_id", step.getLong("notification_id")).put("template", "notification")
      .put("urgent", step.getBoolean("critical"))
      .put("params", new JsonObject().put("type", step.getString("type")).put("title", step.getString("title"))
        .put("message", step.getString("message")).put("link", step.getString("link")));
    return EmailOutboxStore.enqueueOne(tx, mail).compose(queued -> queued
      ? finish(tx, id, QUEUED, null, null)
      : finish(tx, id, SKIPPED, "no verified email address", null));
  }

  private static Future<JsonObject> finish(SqlConnection tx, long id, String status, String outcome, Long outboxId) {
    return tx.preparedQuery(EscalationSql.FINISH).execute(Tuple.of(id, status, outcome, outboxId))
      .map(done -> new JsonObject().put("status", status).put("outcome", outcome));
  }

  /** The message a personal chat gets: the title in bold, then the text. */
  private static String text(Row step) {
    return "<b>" + TelegramHtml.escapeWithin(step.getString("title"), TITLE_BUDGET) + "</b>\n"
      + TelegramHtml.escapeWithin(step.getString("message"), MESSAGE_BUDGET);
  }

  private String token() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
