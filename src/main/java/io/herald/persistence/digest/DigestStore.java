package io.herald.persistence.digest;

import io.herald.bus.Addresses;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Rows;
import io.herald.persistence.email.EmailOutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily digest. A pass finds the users whose digest is due today in their own time zone and not yet handled, and
 * handles each in one transaction: it first takes the user's day ({@code digest_runs}, primary key user and local
 * date, so of two nodes or two passes only one gets it, and a day once committed is never handled again), then lists
 * the unread notifications and queues one message in the channel's outbox, or records why none was sent.
 */
public final class DigestStore {

  static final String QUEUED = "queued";
  static final String SKIPPED = "skipped";
  static final String FAILED = "failed";
  private static final Logger LOG = LoggerFactory.getLogger(DigestStore.class);

  private final Pool pool;
  private final DigestOptions options;
  private final TelegramDigest telegram;

  public DigestStore(Pool pool, DigestOptions options, String publicUrl) {
    this.pool = pool;
    this.options = options;
    this.telegram = new TelegramDigest(publicUrl);
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.DIGESTS_RUN, request -> run());
  }

  /**
   * One pass over every due user, a batch at a time: {@code {queued, skipped, failed}} counts this pass's own work.
   * A user whose transaction failed is logged and left out of the rest of the pass; the next pass tries again. Days
   * handled more than a week ago are forgotten first.
   */
  public Future<JsonObject> run() {
    return pool.query(DigestSql.PURGE).execute()
      .compose(purged -> batches(new JsonObject().put(QUEUED, 0).put(SKIPPED, 0).put(FAILED, 0), new ArrayList<>()));
  }

  private Future<JsonObject> batches(JsonObject counts, List<Long> failed) {
    Tuple params = Tuple.of(options.batch()).addValue(failed.toArray(Long[]::new));
    return pool.preparedQuery(DigestSql.DUE).execute(params).compose(due -> {
      List<Row> users = new ArrayList<>();
      due.forEach(users::add);
      Future<Void> chain = Future.succeededFuture();
      for (Row user : users) {
        chain = chain.compose(done -> handle(user)
          .recover(failure -> {
            LOG.warn("Digest of user {} not handled: {}", user.getLong("user_id"), failure.toString());
            failed.add(user.getLong("user_id"));
            return Future.succeededFuture(FAILED);
          })
          .map(status -> {
            if (status != null) {
              counts.put(status, counts.getInteger(status) + 1);
            }
            return null;
          }));
      }
      return chain.compose(done -> users.size() < options.batch() ? Future.succeededFuture(counts) : batches(counts, failed));
    });
  }

  /** The status of the user's day as this transaction left it, or null when another one had taken it. */
  private Future<String> handle(Row user) {
    long userId = user.getLong("user_id");
    LocalDate day = user.getLocalDate("local_date");
    String channel = user.getString("channel");
    return pool.withTransaction(tx -> tx.preparedQuery(DigestSql.CLAIM).execute(Tuple.of(userId, day, channel))
      .compose(claimed -> claimed.rowCount() == 0 ? Future.succeededFuture(null)
        : tx.preparedQuery(DigestSql.UNREAD).execute(Tuple.of(userId, options.maxItems()))
          .compose(unread -> send(tx, user, unread))));
  }

  private Future<String> send(SqlConnection tx, Row user, RowSet<Row> unread) {
    long userId = user.getLong("user_id");
    LocalDate day = user.getLocalDate("local_date");
    if (unread.size() == 0) {
      return finish(tx, userId, day, SKIPPED, "nothing unread", 0);
    }
    long total = unread.iterator().next().getLong("total");
    JsonArray items = items(unread);
    String key = "digest:" + userId + ":" + day;
    boolean telegramChannel = "telegram".equals(user.getString("channel"));
    Future<Boolean> queued = telegramChannel
      ? tx.preparedQuery(DigestSql.TELEGRAM).execute(Tuple.of(key, telegram.text(user, items, total), userId))
        .map(rows -> rows.rowCount() == 1)
      : EmailOutboxStore.enqueueOne(tx, new JsonObject().put("dedupe_key", key).put("user_id", userId).put("template", "digest")
        .put("params", new JsonObject().put("total", total).put("items", items)));
    return queued.compose(sent -> sent
      ? finish(tx, userId, day, QUEUED, null, total)
      : finish(tx, userId, day, SKIPPED, telegramChannel ? "no linked Telegram chat" : "no verified email address", total));
  }

  private static JsonArray items(RowSet<Row> unread) {
    JsonArray items = new JsonArray();
    unread.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("type", row.getString("type"))
      .put("title", row.getString("title")).put("link", row.getString("link")).put("created_at", Rows.time(row, "created_at"))));
    return items;
  }

  private static Future<String> finish(SqlConnection tx, long userId, LocalDate day, String status, String outcome, long unread) {
    return tx.preparedQuery(DigestSql.FINISH).execute(Tuple.of(userId, day, status, outcome, (int) unread)).map(done -> status);
  }
}
