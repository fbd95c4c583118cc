package io.herald.http;

import io.herald.logging.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * One line per request (method, URI, status, time, client address), with any {@code token=} query value redacted so
 * that tokens never reach the logs. Each request gets a request id ({@link RequestIds}), returned in {@code X-Request-Id}.
 */
public final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("io.herald.access");
  private static final Pattern TOKEN = Pattern.compile("((?:^|[?&])(?:access_)?token=)[^&]*", Pattern.CASE_INSENSITIVE);

  public static String redact(String uri) {
    return uri == null ? null : TOKEN.matcher(uri).replaceAll("$1***");
  }

  /** The one line for a WebSocket upgrade, written when it succeeded; nothing of the request is kept after it. */
  public static void upgraded(String redactedUri) {
    LOG.info("GET {} 101", redactedUri);
  }

  /** The client's address: behind Herald's relay, the one it put in X-Forwarded-For (the router honours it). */
  private static String client(RoutingContext ctx) {
    var address = ctx.request().remoteAddress();
    return address == null ? "-" : address.hostAddress();
  }

  private final boolean takesGivenId;

  /** Makes a new request id for every request. */
  public AccessLog() {
    this(false);
  }

  /**
   * {@code takesGivenId}: the request's {@code X-Request-Id} was already checked (only Herald's relay or a trusted
   * proxy may set it) and is used when present.
   */
  public AccessLog(boolean takesGivenId) {
    this.takesGivenId = takesGivenId;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    String given = takesGivenId ? ctx.request().getHeader(RequestIds.HEADER) : null;
    String id = RequestIds.acceptable(given) ? given : RequestIds.newId();
    RequestIds.set(id);
    ctx.response().putHeader(RequestIds.HEADER, id);
    ctx.addEndHandler(done -> {
      if (LOG.isInfoEnabled()) {
        LOG.info("{} {} {} {}ms {}", ctx.request().method(), redact(ctx.request().uri()), ctx.response().getStatusCode(),
          (System.nanoTime() - started) / 1_000_000, client(ctx));
      }
    });
    ctx.next();
  }
}
