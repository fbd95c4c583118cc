package io.herald.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Delivery of a JSON body that neither its sender nor any consumer changes once it is sent: every consumer on this
 * node gets the same instance, where the default JSON codec gives each a deep copy. Persistence publishes the runs of
 * user messages with it, and the sockets republish each user's notifications on the user's address with it, so a
 * broadcast to 10,000 users hands its 10,000 envelopes from the writer to the sockets without copying any of them.
 * Off the node it travels as the JSON text, like any JSON body.
 */
public final class UnchangedJson implements MessageCodec<JsonObject, JsonObject> {

  public static final String NAME = "herald.unchanged-json";

  /** Delivery to every node, without a copy per consumer on this one. */
  public static DeliveryOptions delivery() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  /** Local-only delivery without a copy per consumer. */
  public static DeliveryOptions localDelivery() {
    return delivery().setLocalOnly(true);
  }

  /**
   * Registers the codec on this event bus unless it already is: Herald does before it deploys anything (a message
   * from another node may name it), and each verticle that publishes with it does at its start, so that it never
   * publishes on a bus without it.
   */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(new UnchangedJson());
    } catch (IllegalStateException alreadyRegistered) {
      // one stateless codec serves every verticle and node on this Vert.x instance
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length()).appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int position, Buffer buffer) {
    int length = buffer.getInt(position);
    return new JsonObject(buffer.getBuffer(position + 4, position + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
