package io.herald.support;

import io.herald.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Requests to the verticles over the event bus, for tests that deploy them without the REST API. */
public final class BusRequests {

  private BusRequests() {
  }

  /** The reply's body; fails the test after {@link Await}'s timeout. */
  public static JsonObject request(EventBus bus, String address, JsonObject body) {
    return Await.await(bus.<JsonObject>request(address, body)).body();
  }

  /** A new user of that role (no password to log in with), as the actor ({@code id, username, role}) requests carry. */
  public static JsonObject newUser(EventBus bus, String role) {
    JsonObject user = request(bus, Addresses.USERS_CREATE, new JsonObject().put("username", role + "-" + UUID.randomUUID())
      .put("password_hash", "not-a-login").put("role", role));
    return new JsonObject().put("id", user.getLong("id")).put("username", user.getString("username")).put("role", role);
  }
}
