package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SockJS bridge's inbound request addresses. The {@code actor} in the body was put there by
 * {@link BridgeGuard} from the socket's verified token; these handlers forward to the inbox with it.
 */
final class BridgeRequests {

  private static final Map<String, String> FORWARDS = Map.of(
    Addresses.BRIDGE_MARK_READ, Addresses.NOTIFICATIONS_MARK_READ,
    Addresses.BRIDGE_MARK_ALL_READ, Addresses.NOTIFICATIONS_MARK_ALL_READ,
    Addresses.BRIDGE_UNREAD_COUNT, Addresses.NOTIFICATIONS_UNREAD_COUNT);

  /** A resume is answered within this, well inside the bridge's reply timeout, so held messages are always released. */
  static final long RESUME_DEADLINE_MILLIS = 20_000;
  static final long BRIDGE_REPLY_TIMEOUT_MILLIS = RESUME_DEADLINE_MILLIS + 10_000;
  /** Set by the guard (and only by it) on a resume over the user's budget: the request fails 429 without a replay. */
  static final String RETRY_AFTER_MS = "retry_after_ms";

  private final Inbox inbox;

  BridgeRequests(Inbox inbox) {
    this.inbox = inbox;
  }

  void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (body == null || !(body.getValue(Identity.KEY) instanceof JsonObject)) {
      message.fail(Failures.UNAUTHORIZED, "not authenticated");
      return;
    }
    Future<JsonObject> answer = Addresses.BRIDGE_RESUME.equals(message.address()) ? resume(body) : forward(message.address(), body);
    answer.onSuccess(message::reply).onFailure(failure -> message.fail(code(failure), failure.getMessage()));
  }

  private Future<JsonObject> forward(String address, JsonObject body) {
    JsonObject request = new JsonObject().put(Identity.KEY, body.getJsonObject(Identity.KEY));
    Long id = NotificationIds.from(body);
    if (id != null) {
      request.put("id", id);
    }
    return inbox.request(FORWARDS.get(address), request);
  }

  static boolean validLastId(JsonObject body) {
    return NotificationIds.wholeNumber(body.getValue("last_id")) != null;
  }

  /**
   * A failed replay is answered, not failed: the guard releases the socket's held messages when the reply passes,
   * and a bridge failure would bypass it. {@code complete: false} tells the client to reload its inbox.
   */
  private Future<JsonObject> resume(JsonObject body) {
    if (!validLastId(body)) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.BAD_REQUEST, "last_id must be a non-negative number"));
    }
    if (body.containsKey(RETRY_AFTER_MS)) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.TOO_MANY_REQUESTS,
        "resume_rate_limited; retry after " + body.getLong(RETRY_AFTER_MS) + " ms"));
    }
    Identity caller = Identity.fromJson(body.getJsonObject(Identity.KEY));
    return inbox.replay(caller, body.getLong("last_id"))
      .timeout(RESUME_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
      .map(result -> replayed(result.items(), result.complete()))
      .otherwise(failure -> replayed(List.of(), false).put("error", "resume_failed"));
  }

  private static JsonObject replayed(List<JsonObject> items, boolean complete) {
    return new JsonObject().put("items", new JsonArray(items)).put("count", items.size()).put("complete", complete);
  }

  private static int code(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureCode() > 0 ? reply.failureCode() : Failures.UNAVAILABLE;
  }
}
