package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.metrics.SocketMeters;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads everything a user has after an id from the inbox, page by page, in ascending id order.
 * A replay longer than {@link #MAX_ITEMS} is cut and reported incomplete: the client reloads its inbox instead.
 */
final class Replay {

  static final int PAGE_SIZE = 200;
  static final int MAX_ITEMS = 5_000;

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final SocketMeters meters;

  Replay(EventBus bus, long timeoutMillis, SocketMeters meters) {
    this.bus = bus;
    this.meters = meters;
    this.delivery = OnThisNode.delivery(timeoutMillis);
  }

  record Result(List<JsonObject> items, boolean complete) {
  }

  Future<Result> after(Identity user, long afterId) {
    return page(user, afterId, new ArrayList<>(), true)
      .onSuccess(result -> meters.replayed(result.items().size(), result.complete()));
  }

  private Future<Result> page(Identity user, long afterId, List<JsonObject> collected, boolean complete) {
    JsonObject request = new JsonObject().put(Identity.KEY, user.toJson()).put("after_id", afterId).put("limit", PAGE_SIZE);
    return bus.<JsonObject>request(Addresses.NOTIFICATIONS_REPLAY, request, delivery).compose(reply -> {
      JsonObject page = reply.body();
      JsonArray items = page.getJsonArray("items", new JsonArray());
      items.forEach(item -> collected.add((JsonObject) item));
      boolean stillComplete = complete && page.getBoolean("complete", true);
      if (!page.getBoolean("has_more", false) || items.isEmpty()) {
        return Future.succeededFuture(new Result(collected, stillComplete));
      }
      if (collected.size() >= MAX_ITEMS) {
        return Future.succeededFuture(new Result(collected, false));
      }
      return page(user, page.getLong("last_id"), collected, stillComplete);
    });
  }
}
