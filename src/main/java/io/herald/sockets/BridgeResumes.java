package io.herald.sockets;

import io.herald.bus.Addresses;
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
 * Gap-free resume over the SockJS bridge, with the raw socket's {@link ResumeGate}: from the moment a
 * {@code sockets.bridge.resume} request passes the guard, that socket's messages on its own
 * {@code notifications.user.<id>} are held; with {@code await_register: true} the request reaches the bus only once
 * that address is registered (so a row committed after the replay's snapshot is published to a registered
 * consumer); the reply is written first, then the held messages minus the replayed ids, in arrival order.
 */
final class BridgeResumes {

  static final String AWAIT_REGISTER = "await_register";

  private final Map<SockJSSocket, ResumeGate> gates = new HashMap<>();
  private final Map<SockJSSocket, String> replyAddresses = new HashMap<>();
  private final Map<SockJSSocket, BridgeEvent> waitingForRegister = new HashMap<>();
  private final Set<SockJSSocket> registered = new HashSet<>();
  private final BiConsumer<SockJSSocket, List<String>> writer;

  /** {@code writer} writes messages to a socket as one batch (the guard's bounded write). */
  BridgeResumes(BiConsumer<SockJSSocket, List<String>> writer) {
    this.writer = writer;
  }

  /** A valid resume request: start holding; send it on now, or once the user address is registered if it asks to wait. */
  void requested(BridgeEvent send) {
    SockJSSocket socket = send.socket();
    ResumeGate gate = gates.computeIfAbsent(socket, s -> new ResumeGate(message -> message.getJsonObject("body")));
    String replyAddress = send.getRawMessage().getString("replyAddress");
    if (gate.holding() || replyAddress == null) {
      send.complete(false);
      return;
    }
    gate.hold();
    replyAddresses.put(socket, replyAddress);
    JsonObject body = send.getRawMessage().getJsonObject("body");
    if (registered.contains(socket) || !Boolean.TRUE.equals(body.getValue(AWAIT_REGISTER))) {
      send.complete(true);
    } else {
      waitingForRegister.put(socket, send);
    }
  }

  /** The socket registered its own user address: let it through, then any resume that waited for it. */
  void registeredOwnAddress(BridgeEvent register) {
    registered.add(register.socket());
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
    ResumeGate gate = gates.get(socket);
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

  private void replied(SockJSSocket socket, ResumeGate gate, JsonObject reply) {
    replyAddresses.remove(socket);
    List<String> batch = new ArrayList<>();
    batch.add(reply.encode());
    gate.release(replayedRows(reply.getJsonObject("body"))).forEach(held -> batch.add(held.encode()));
    writer.accept(socket, batch);
  }

  private static List<JsonObject> replayedRows(JsonObject body) {
    JsonArray items = body == null ? new JsonArray() : body.getJsonArray("items", new JsonArray());
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
