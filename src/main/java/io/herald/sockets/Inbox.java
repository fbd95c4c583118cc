package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.bus.OnThisNode;
import io.herald.metrics.SocketMeters;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** What the sockets ask of the inbox for a connected user, on this node: read-state changes, counts, and replays. */
final class Inbox {

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final Replay replay;

  Inbox(EventBus bus, long requestTimeoutMillis, SocketMeters meters) {
    this.bus = bus;
    this.delivery = OnThisNode.delivery(requestTimeoutMillis);
    this.replay = new Replay(bus, requestTimeoutMillis, meters);
  }

  Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, delivery).map(reply -> reply.body());
  }

  Future<Replay.Result> replay(Identity user, long afterId) {
    return replay.after(user, afterId);
  }
}
