package io.herald.sockets;

import io.herald.notify.Envelopes;
import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** The frames an authenticated client may send, each answered or turned into an inbox request on the bus. */
final class ClientFrames {

  private final Inbox inbox;

  ClientFrames(Inbox inbox) {
    this.inbox = inbox;
  }

  void handle(RawConnection connection, JsonObject frame) {
    String type = frame.getValue("type") instanceof String t ? t : "";
    switch (type) {
      case "ping" -> connection.send(ControlFrames.of("pong"));
      case "auth" -> withString(connection, frame, "token", connection::refresh);
      case "get_unread_count" -> unreadCount(connection);
      case "mark_read" -> markRead(connection, frame);
      case "mark_all_read" -> request(connection, Addresses.NOTIFICATIONS_MARK_ALL_READ, new JsonObject());
      case "resume" -> withLong(connection, frame, "last_id", connection::resume);
      default -> connection.send(ControlFrames.error("unknown_type", "Unknown frame type: " + abbreviated(type)));
    }
  }

  /** The id as {@code notification_id} or {@code id}, a number or a numeric string (docs/sockets.md, compatibility). */
  private void markRead(RawConnection connection, JsonObject frame) {
    Long id = NotificationIds.from(frame);
    if (id == null) {
      connection.send(ControlFrames.error("missing_field", "Field 'notification_id' must be a non-negative number"));
    } else {
      request(connection, Addresses.NOTIFICATIONS_MARK_READ, new JsonObject().put("id", id));
    }
  }

  private void unreadCount(RawConnection connection) {
    request(connection, Addresses.NOTIFICATIONS_UNREAD_COUNT, new JsonObject())
      .onSuccess(reply -> connection.send(Envelopes.unreadCount(reply.getLong("count"))));
  }

  /** Read-state changes come back to every tab as the inbox's own notification_update and unread_count envelopes. */
  private Future<JsonObject> request(RawConnection connection, String address, JsonObject body) {
    Identity caller = connection.identity();
    return inbox.request(address, body.put(Identity.KEY, caller.toJson()))
      .onFailure(failure -> connection.send(ControlFrames.error(errorCode(failure), safeMessage(failure))));
  }

  private static void withLong(RawConnection connection, JsonObject frame, String field, java.util.function.LongConsumer action) {
    Long value = NotificationIds.wholeNumber(frame.getValue(field));
    if (value != null) {
      action.accept(value);
    } else {
      connection.send(ControlFrames.error("missing_field", "Field '" + field + "' must be a non-negative whole number"));
    }
  }

  private static void withString(RawConnection connection, JsonObject frame, String field, java.util.function.Consumer<String> action) {
    if (frame.getValue(field) instanceof String value) {
      action.accept(value);
    } else {
      connection.send(ControlFrames.error("missing_field", "Field '" + field + "' must be a string"));
    }
  }

  private static String errorCode(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureCode()) {
        case 400 -> "bad_request";
        case 403 -> "forbidden";
        case 404 -> "not_found";
        default -> "unavailable";
      };
    }
    return "unavailable";
  }

  private static String safeMessage(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureCode() >= 400 && reply.failureCode() < 500
      ? reply.getMessage() : "The inbox is unavailable; try again";
  }

  private static String abbreviated(String type) {
    return type.length() > 40 ? type.substring(0, 40) + "..." : type;
  }
}
