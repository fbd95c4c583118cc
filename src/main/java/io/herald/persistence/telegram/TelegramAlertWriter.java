package io.herald.persistence.telegram;

import io.herald.persistence.NotificationRouting;
import io.herald.persistence.PreferenceStore;
import io.herald.persistence.Publication;
import io.herald.telegram.AlertOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Writes the Telegram messages of a complaint event (admin and hostel alerts, the reporter's own chat) into the
 * outbox inside the transaction that made the change: a committed change always has its messages, however the
 * node fares after the commit. The settings, the reporter's link and preferences are read in the same transaction.
 */
public final class TelegramAlertWriter implements NotificationRouting {

  private static final String ACTIVE_LINK = "SELECT l.chat_id, u.locale FROM telegram_links l JOIN users u ON u.id = l.user_id "
    + "WHERE l.user_id = $1 AND NOT u.disabled";

  private final AlertOutbox alerts;
  private final long minuteMs;

  /** {@code minuteMs} is how long a "minute" of {@code rate_limit_minutes} lasts: 60000 except in fast tests. */
  public TelegramAlertWriter(AlertOutbox alerts, long minuteMs) {
    this.alerts = alerts;
    this.minuteMs = minuteMs;
  }

  @Override
  public Future<List<Publication>> route(SqlConnection tx, String eventAddress, JsonObject event) {
    return TelegramBotStore.settings(tx)
      .compose(settings -> TelegramOutboxStore.enqueueAlerts(tx, alerts.complaintAlerts(eventAddress, event, settings), settings, minuteMs))
      .compose(done -> personal(tx, eventAddress, event))
      .map(done -> List.of());
  }

  private Future<Void> personal(SqlConnection tx, String eventAddress, JsonObject event) {
    if (!AlertOutbox.reachesReporter(eventAddress)) {
      return Future.succeededFuture();
    }
    long reporter = event.getJsonObject("complaint").getLong("reporter_id");
    return tx.preparedQuery(ACTIVE_LINK).execute(Tuple.of(reporter)).compose(rows -> {
      if (!rows.iterator().hasNext()) {
        return Future.succeededFuture();
      }
      Row link = rows.iterator().next();
      long chatId = link.getLong("chat_id");
      return PreferenceStore.load(tx, reporter).compose(preferences -> alerts
        .personal(eventAddress, event, chatId, link.getString("locale"), preferences, ZonedDateTime.now(ZoneOffset.UTC))
        .map(message -> TelegramOutboxStore.enqueueOne(tx, message, 0, 1).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
    });
  }
}
