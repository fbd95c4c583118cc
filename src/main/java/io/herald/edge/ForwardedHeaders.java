package io.herald.edge;

import io.herald.logging.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The API server's first handler: it believes {@code X-Forwarded-*} only from Herald's own relay (which proves itself
 * with this node's relay secret) or from a configured trusted proxy (whose {@code X-Forwarded-For} is reduced to the
 * client {@link TrustedProxies} resolves). From anyone else that reaches the API port, every forwarding header is
 * dropped before the router reads them, so the client is the connection's peer.
 */
public final class ForwardedHeaders implements Handler<RoutingContext> {

  /** Set by the relay on every request it sends to the API; never passed on from a client. */
  public static final String RELAY_SECRET_HEADER = "X-Herald-Relay";
  static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
    "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP",
    RequestIds.HEADER, RELAY_SECRET_HEADER);

  private final byte[] relaySecret;
  private final TrustedProxies proxies;

  public ForwardedHeaders(String relaySecret, TrustedProxies proxies) {
    this.relaySecret = relaySecret.getBytes(StandardCharsets.UTF_8);
    this.proxies = proxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    MultiMap headers = request.headers();
    if (!fromRelay(headers.get(RELAY_SECRET_HEADER))) {
      String client = proxies.client(request.connection().remoteAddress(), headers.get("X-Forwarded-For"));
      String proto = headers.get("X-Forwarded-Proto");
      boolean trusted = proxies.trusts(request.connection().remoteAddress());
      String requestId = RequestIds.fromTrustedPeer(request, proxies);
      FORWARDING.forEach(headers::remove);
      if (requestId != null) {
        headers.set(RequestIds.HEADER, requestId);
      }
      if (trusted) {
        headers.set("X-Forwarded-For", client);
        if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
          headers.set("X-Forwarded-Proto", proto.toLowerCase());
        }
      }
    }
    headers.remove(RELAY_SECRET_HEADER);
    ctx.next();
  }

  /** Whether a request's headers come from Herald's own relay on this node. */
  public boolean fromRelay(MultiMap headers) {
    return fromRelay(headers.get(RELAY_SECRET_HEADER));
  }

  /** The client that Herald's relay names in a request's headers, or null when they are not from the relay. */
  public String relayedClient(MultiMap headers) {
    return fromRelay(headers) ? headers.get("X-Forwarded-For") : null;
  }

  private boolean fromRelay(String presented) {
    return presented != null && MessageDigest.isEqual(relaySecret, presented.getBytes(StandardCharsets.UTF_8));
  }
}
