package io.herald.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * Turns a complaint domain event into notification rows inside the transaction that made the change,
 * so that a committed change always has its notifications; the rows are published after the commit.
 */
public interface NotificationRouting {

  Future<List<Publication>> route(SqlConnection transaction, String eventAddress, JsonObject event);
}
