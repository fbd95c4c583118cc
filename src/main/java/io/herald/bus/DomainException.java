package io.herald.bus;

import io.vertx.core.eventbus.Message;

/** A refusal with a failure code, raised by a store and replied with {@code message.fail}. */
public class DomainException extends RuntimeException {

  private final int code;

  public DomainException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static DomainException notFound(String what) {
    return new DomainException(Failures.NOT_FOUND, what + " not found");
  }

  public static DomainException badRequest(String message) {
    return new DomainException(Failures.BAD_REQUEST, message);
  }

  public void replyTo(Message<?> message) {
    message.fail(code, getMessage());
  }
}
