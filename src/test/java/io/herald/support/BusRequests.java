package io.herald.support;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
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

  /**
   * While {@code steps} run, every request sent on this node's bus to {@code address} fails with 503, as when the
   * database is away (the verticles that answer it never see it).
   */
  public static void failingWhile(EventBus bus, String address, Runnable steps) {
    Handler<DeliveryContext<Object>> failing = delivery -> {
      if (address.equals(delivery.message().address())) {
        delivery.message().fail(Failures.UNAVAILABLE, "database unavailable");
      } else {
        delivery.next();
      }
    };
    bus.addOutboundInterceptor(failing);
    try {
      steps.run();
    } finally {
      bus.removeOutboundInterceptor(failing);
    }
  }

  /** A new user of that role (no password to log in with), as the actor ({@code id, username, role}) requests carry. */
  public static JsonObject newUser(EventBus bus, String role) {
    JsonObject user = request(bus, Addresses.USERS_CREATE, new JsonObject().put("username", role + "-" + UUID.randomUUID())
      .put("password_hash", "not-a-login").put("role", role));
    return new JsonObject().put("id", user.getLong("id")).put("username", user.getString("username")).put("role", role);
  }
}
