package io.herald.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a complaint domain event into notification rows inside the transaction that made the change,
 * so that a committed change always has its notifications (in-app rows, Telegram outbox rows); the in-app rows
 * are published after the commit.
 */
public interface NotificationRouting {

  Future<List<Publication>> route(SqlConnection transaction, String eventAddress, JsonObject event);

  /** Runs each routing in turn in the same transaction; the publications of all of them, in order. */
  static NotificationRouting all(List<NotificationRouting> routings) {
    return (transaction, eventAddress, event) -> {
      Future<List<Publication>> chain = Future.succeededFuture(List.of());
      for (NotificationRouting routing : routings) {
        chain = chain.compose(before -> routing.route(transaction, eventAddress, event).map(after -> {
          List<Publication> publications = new ArrayList<>(before);
          publications.addAll(after);
          return publications;
        }));
      }
      return chain;
    };
  }
}
