package io.herald.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Failure codes for {@code message.fail(code, text)}. Each code equals the HTTP status it maps to, so
 * the HTTP side forwards it as is; a timeout or a missing consumer is the service being unavailable.
 */
public final class Failures {

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int GONE = 410;
  public static final int UNPROCESSABLE = 422;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int INTERNAL = 500;
  public static final int UNAVAILABLE = 503;

  private Failures() {
  }

  /** The HTTP status for any failure of an event-bus request. */
  public static int httpStatus(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return UNAVAILABLE;
      }
      int code = reply.failureCode();
      return code >= 400 && code < 600 ? code : INTERNAL;
    }
    return INTERNAL;
  }
}
