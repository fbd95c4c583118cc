package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.metrics.SocketMeters;
import io.herald.notify.Envelopes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Gap-free, in-order delivery over the SockJS bridge, with the raw socket's {@link DeliveryGate} per session that
 * registered its own user address. Resume: from the moment a
 * {@code sockets.bridge.resume} request passes the guard, that socket's messages on its own
 * {@code notifications.user.<id>} are held; with {@code await_register: true} the request reaches the bus only once
 * that address is registered (so a row committed after the replay's snapshot is published to a registered
 * consumer); the reply is written first, then the held messages without the notifications at or below the last
 * replayed id (all of them after an incomplete replay, when the client reloads its inbox), in arrival order. A gap the
 * gate spots in the live stream is filled from the inbox: the missing rows go out as messages on the user address.
 */
final class BridgeResumes {

  static final String AWAIT_REGISTER = "await_register";

  private final Map<SockJSSocket, DeliveryGate> gates = new HashMap<>();
  private final Map<SockJSSocket, String> replyAddresses = new HashMap<>();
  private final Map<SockJSSocket, BridgeEvent> waitingForRegister = new HashMap<>();
  private final Set<SockJSSocket> registered = new HashSet<>();
  private final BiConsumer<SockJSSocket, List<String>> writer;
  private final Inbox inbox;
  private final SocketMeters meters;

  /** {@code writer} writes messages to a socket as one batch (the guard's bounded write). */
  BridgeResumes(BiConsumer<SockJSSocket, List<String>> writer, Inbox inbox, SocketMeters meters) {
    this.writer = writer;
    this.inbox = inbox;
    this.meters = meters;
  }

  /** A valid resume request: start holding; send it on now, or once the user address is registered if it asks to wait. */
  void requested(BridgeEvent send, Identity user) {
    SockJSSocket socket = send.socket();
    DeliveryGate gate = gateOf(socket, user);
    String replyAddress = send.getRawMessage().getString("replyAddress");
    if (gate.holding() || replyAddress == null) {
      send.complete(false);
      return;
    }
    JsonObject body = send.getRawMessage().getJsonObject("body");
    gate.hold(body.getLong("last_id"));
    replyAddresses.put(socket, replyAddress);
    if (registered.contains(socket) || !Boolean.TRUE.equals(body.getValue(AWAIT_REGISTER))) {
      send.complete(true);
    } else {
      waitingForRegister.put(socket, send);
    }
  }

  /** The socket registered its own user address: let it through, then any resume that waited for it. */
  void registeredOwnAddress(BridgeEvent register, Identity user) {
    registered.add(register.socket());
    gateOf(register.socket(), user);
    register.complete(true);
    BridgeEvent waiting = waitingForRegister.remove(register.socket());
    if (waiting != null) {
      waiting.complete(true);
    }
  }

  void unregisteredOwnAddress(SockJSSocket socket) {
    registered.remove(socket);
  }

  /** Decides an outbound message: true lets the bridge write it; held, duplicate and resume replies are handled here. */
  boolean admit(BridgeEvent receive, long userId) {
    SockJSSocket socket = receive.socket();
    DeliveryGate gate = gates.get(socket);
    JsonObject message = receive.getRawMessage();
    String address = message.getString("address");
    if (gate == null || address == null) {
      return true;
    }
    if (address.equals(replyAddresses.get(socket))) {
      replied(socket, gate, message);
      return false;
    }
    return !Addresses.userNotifications(userId).equals(address) || gate.admit(message);
  }

  private DeliveryGate gateOf(SockJSSocket socket, Identity user) {
    return gates.computeIfAbsent(socket, s -> new DeliveryGate(message -> message.getJsonObject("body"),
      afterId -> fill(socket, user, afterId)));
  }

  /** A failed replay is answered with {@code error} (or fails, on a timeout): nothing was replayed then. */
  private void replied(SockJSSocket socket, DeliveryGate gate, JsonObject reply) {
    replyAddresses.remove(socket);
    JsonObject body = reply.getValue("body") instanceof JsonObject json ? json : null;
    List<String> batch = new ArrayList<>();
    batch.add(reply.encode());
    List<JsonObject> released = body == null || body.containsKey("error")
      ? gate.releaseUnreplayed() : gate.release(replayedRows(body), body.getBoolean("complete", true));
    released.forEach(held -> batch.add(held.encode()));
    writer.accept(socket, batch);
  }

  /** The rows after {@code afterId} go out as messages on the user address, then what the gate held. */
  private void fill(SockJSSocket socket, Identity user, long afterId) {
    meters.gapFilled();
    String address = Addresses.userNotifications(user.userId());
    inbox.replay(user, afterId).onComplete(result -> {
      DeliveryGate gate = gates.get(socket);
      if (gate == null) {
        return;
      }
      List<String> batch = new ArrayList<>();
      List<JsonObject> rows = result.succeeded() ? result.result().items() : List.of();
      rows.forEach(row -> batch.add(new JsonObject().put("type", "rec").put("address", address)
        .put("body", Envelopes.notification(row)).encode()));
      boolean complete = result.succeeded() && result.result().complete();
      if (!complete) {
        // before what the gate held: the client reloads from the last row it has without a gap
        batch.add(new JsonObject().put("type", "err").put("body", "resume_failed").encode());
      }
      gate.release(rows, complete).forEach(held -> batch.add(held.encode()));
      writer.accept(socket, batch);
    });
  }

  private static List<JsonObject> replayedRows(JsonObject body) {
    JsonArray items = body.getJsonArray("items", new JsonArray());
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rows.add(items.getJsonObject(i));
    }
    return rows;
  }

  void forget(SockJSSocket socket) {
    gates.remove(socket);
    replyAddresses.remove(socket);
    waitingForRegister.remove(socket);
    registered.remove(socket);
  }
}
