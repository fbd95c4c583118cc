package io.herald.logging;

import io.herald.edge.TrustedProxies;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties together the log lines of one HTTP request: its access line, and the persistence and Telegram lines
 * of the event-bus requests it made. It lives in the Vert.x context of the request (each HTTP request and each
 * event-bus message is handled on a context of its own), travels in a header of every event-bus message sent from
 * there, and is taken up again by the consumers that log ({@link #adopt}). {@link RequestIdFilter} copies it into
 * the logging MDC as {@value #MDC_KEY}.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String BUS_HEADER = "request-id";
  public static final String MDC_KEY = "request_id";
  private static final List<String> CARRIED_TO = List.of("persistence.", "telegram.");
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** An id a proxy sent that is safe to log and to pass on: short, and nothing but letters, digits and {@code . _ : -}. */
  public static boolean acceptable(String id) {
    return id != null && ACCEPTABLE.matcher(id).matches();
  }

  /** The id of the request being handled on this thread's Vert.x context, or null. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : RequestIdLocal.KEY.get(context);
  }

  /** Sets the id of the request handled on the current context (one of its own: an HTTP request's or a message's). */
  public static void set(String id) {
    Context context = Vertx.currentContext();
    if (context != null && id != null) {
      RequestIdLocal.KEY.put(context, id);
    }
  }

  /** A consumer takes up the id its message carries, for its own log lines and the messages it sends in turn. */
  public static void adopt(Message<?> message) {
    String id = message.headers().get(BUS_HEADER);
    if (acceptable(id)) {
      set(id);
    }
  }

  /** The {@value #HEADER} a trusted proxy sent, if acceptable; null for anyone else's (a new id is made then). */
  public static String fromTrustedPeer(HttpServerRequest request, TrustedProxies proxies) {
    String id = request.getHeader(HEADER);
    return acceptable(id) && proxies.trusts(request.connection().remoteAddress()) ? id : null;
  }

  /**
   * Every request to the persistence and Telegram verticles sent from a request's context carries its id. Nothing
   * else does: publications and replies may reach browsers over the SockJS bridge, which would show them the header.
   * {@link #uninstall} removes the interceptor again.
   */
  public static Handler<DeliveryContext<Object>> install(EventBus bus) {
    Handler<DeliveryContext<Object>> interceptor = delivery -> {
      String id = current();
      String address = delivery.message().address();
      if (id != null && delivery.send() && CARRIED_TO.stream().anyMatch(address::startsWith)) {
        delivery.message().headers().set(BUS_HEADER, id);
      }
      delivery.next();
    };
    bus.addOutboundInterceptor(interceptor);
    return interceptor;
  }

  public static void uninstall(EventBus bus, Handler<DeliveryContext<Object>> interceptor) {
    bus.removeOutboundInterceptor(interceptor);
  }
}
