package io.herald.edge;

import io.herald.http.Problems;
import io.herald.logging.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The public port's relay to a loopback server of the node (vertx-http-proxy): to the API verticle, and, where the
 * sockets verticle runs as several instances, to the one instance that serves SockJS's HTTP transports (docs/sockets.md,
 * "Instances"). Bounded so that slow or vanished clients cannot tie it up:
 * <ul>
 *   <li>a body is read whole at the public port (up to the API's body limit, within the body deadline of
 *       {@link ConnectionGuard}) before the request counts as relayed, so a trickling body holds neither a place
 *       among the relayed requests nor a connection to the API;</li>
 *   <li>at most {@code relayMaxInFlight} requests relayed at once by each relay; beyond that 503 with
 *       {@code Retry-After} at once, never a wait queue;</li>
 *   <li>connecting upstream has {@code relayTimeoutMillis}, and so has the API's silence on a relayed exchange (502
 *       problem+json); a SockJS transport's silence may last a heartbeat longer. A request whose client went away is
 *       reset upstream;</li>
 *   <li>the client's forwarding headers are dropped; upstream gets Herald's own {@code X-Forwarded-For} (the client
 *       as {@link TrustedProxies} resolves it) and {@code X-Forwarded-Proto}, with the node's relay secret;</li>
 *   <li>a WebSocket upgrade to a path that has no socket is answered 404 instead of being relayed.</li>
 * </ul>
 * Each relay is used from the event loop of the verticle instance that made it, and only from there.
 */
public final class Relay {

  private static final int API_CONNECTIONS = 64;
  private static final String API = "API";
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final MediaType PROBLEM = MediaType.parse(Problems.CONTENT_TYPE);

  private final Vertx vertx;
  private final String relaySecret;
  private final EdgeSettings settings;
  private final int bodyLimit;
  private final String upstreamName;
  private final HttpClient client;
  private final HttpProxy proxy;
  private final Map<HttpServerRequest, HttpClientRequest> upstreams = new HashMap<>();
  private final Set<HttpServerRequest> relayed = new HashSet<>();
  private int inFlight;

  /** The relay to the API, the public port's last handler. */
  public static Relay toApi(Vertx vertx, String apiHost, int apiPort, String relaySecret, EdgeSettings settings,
                            int bodyLimit) {
    return new Relay(vertx, API, new RequestOptions().setHost(apiHost).setPort(apiPort)
      .setIdleTimeout(settings.relayTimeoutMillis()), API_CONNECTIONS, true, relaySecret, settings, bodyLimit);
  }

  /**
   * The relay to the instance serving SockJS's HTTP transports. Each of its requests holds its connection while a
   * session polls or streams (for minutes), so there is a connection for each request in flight; the owner may stay
   * silent for a heartbeat, which ends every poll and keeps every stream going, and the relay timeout besides.
   */
  public static Relay toSockJsTransports(Vertx vertx, String host, int port, String relaySecret, EdgeSettings settings,
                                         int bodyLimit, long heartbeatMillis) {
    return new Relay(vertx, "SockJS transports", new RequestOptions().setHost(host).setPort(port)
      .setIdleTimeout(heartbeatMillis + settings.relayTimeoutMillis()), settings.relayMaxInFlight(), false, relaySecret,
      settings, bodyLimit);
  }

  private Relay(Vertx vertx, String upstreamName, RequestOptions origin, int connections, boolean keepAlive,
                String relaySecret, EdgeSettings settings, int bodyLimit) {
    this.vertx = vertx;
    this.upstreamName = upstreamName;
    this.relaySecret = relaySecret;
    this.settings = settings;
    this.bodyLimit = bodyLimit;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(keepAlive).setPipelining(false)
        .setKeepAliveTimeout(settings.relayKeepAliveSeconds())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.relayTimeoutMillis())),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(settings.relayMaxInFlight()));
    this.proxy = HttpProxy.reverseProxy(client)
      .origin(context -> openUpstream(context, origin))
      .addInterceptor(new Forwarding());
  }

  /** The router's last handler on the public port. */
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.canUpgradeToWebSocket()) {
      Problems.send(ctx, 404, "No WebSocket endpoint at this path");
      return;
    }
    if (declaredLength(request) > bodyLimit) {
      // the unread body would be taken for the next request: the connection ends after it, and the client is told so
      request.handler(dropped -> { });
      request.resume();
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(sent -> closeOnceRead(request));
      Problems.send(ctx, 413, "The request body is larger than allowed");
      return;
    }
    ctx.addEndHandler(done -> finished(request, done.failed()));
    proxy.handle(request);
  }

  /** The client has its answer, or is gone: the request no longer counts, and what it left upstream is reset. */
  private void finished(HttpServerRequest request, boolean clientGone) {
    if (relayed.remove(request)) {
      inFlight--;
    }
    HttpClientRequest upstream = upstreams.remove(request);
    if (clientGone && upstream != null) {
      upstream.reset();
    }
  }

  public Future<Void> close() {
    return client.close();
  }

  private Future<HttpClientRequest> openUpstream(ProxyContext context, RequestOptions origin) {
    HttpServerRequest incoming = context.request().proxiedRequest();
    if (incoming.response().closed()) {
      return Future.failedFuture("the client went away");
    }
    return client.request(new RequestOptions(origin)).onSuccess(upstream -> {
      if (incoming.response().closed()) {
        upstream.reset();
      } else {
        upstreams.put(incoming, upstream);
      }
    });
  }

  /**
   * Closes the connection of a refused request once the client has sent the rest of its body (being read and dropped),
   * or when it has not within the body deadline: closing with unread bytes makes the kernel reset the connection, and
   * a client still sending would often lose the answer it was given.
   */
  private void closeOnceRead(HttpServerRequest request) {
    if (request.isEnded()) {
      request.connection().close();
      return;
    }
    long deadline = vertx.setTimer(settings.bodyTimeoutMillis(), late -> request.connection().close());
    request.endHandler(end -> {
      vertx.cancelTimer(deadline);
      request.connection().close();
    });
  }

  private static Body problem(int status, String detail, String path) {
    return Body.body(Buffer.buffer(Problems.document(status, detail, path, null).encode()), PROBLEM);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? 0 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Herald's own forwarding headers, and the body read whole before the API is asked. */
  private final class Forwarding implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      HttpServerRequest incoming = context.request().proxiedRequest();
      var headers = context.request().headers();
      String proto = forwardedProto(incoming);
      String client = settings.trustedProxies().client(incoming.remoteAddress(), incoming.getHeader("X-Forwarded-For"));
      String requestId = RequestIds.fromTrustedPeer(incoming, settings.trustedProxies());
      ForwardedHeaders.FORWARDING.forEach(headers::remove);
      if (requestId != null) {
        headers.set(RequestIds.HEADER, requestId);
      }
      headers.set(ForwardedHeaders.RELAY_SECRET_HEADER, relaySecret);
      headers.set("X-Forwarded-For", client);
      headers.set("X-Forwarded-Proto", proto);
      return wholeBody(incoming).compose(body -> {
        if (body == null) {
          return Future.succeededFuture(tooLarge(context));
        }
        if (inFlight >= settings.relayMaxInFlight()) {
          return Future.succeededFuture(busy(context));
        }
        inFlight++;
        relayed.add(incoming);
        context.request().setBody(Body.body(body));
        return context.sendRequest();
      });
    }

    /**
     * A body without a declared length that went past the limit: the client is answered at once and the connection
     * ends once the rest of its stream has been read (closing with unread bytes would reset the connection, and the
     * client could lose the answer), or when it has not ended within the body deadline.
     */
    private ProxyResponse tooLarge(ProxyContext context) {
      HttpServerRequest incoming = context.request().proxiedRequest();
      incoming.response().endHandler(sent -> closeOnceRead(incoming));
      String path = incoming.path();
      return context.request().response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close")
        .setBody(problem(413, "The request body is larger than allowed", path));
    }

    private ProxyResponse busy(ProxyContext context) {
      String path = context.request().proxiedRequest().path();
      return context.request().response().setStatusCode(503)
        .putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .setBody(problem(503, "The server is busy; try again shortly", path));
    }

    /** The relay's own failures (upstream unreachable, silent or gone) as problem documents, like every other error. */
    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
      ProxyResponse response = context.response();
      if (response.proxiedResponse() == null && response.getBody() == null && response.getStatusCode() >= 500) {
        String path = context.request().proxiedRequest().path();
        response.setBody(problem(response.getStatusCode(), "The " + upstreamName + " did not answer in time; try again", path));
      }
      return context.sendResponse();
    }

    /** A trusted load balancer's {@code X-Forwarded-Proto} (it may terminate TLS); otherwise this connection's scheme. */
    private String forwardedProto(HttpServerRequest incoming) {
      String forwarded = incoming.getHeader("X-Forwarded-Proto");
      boolean valid = "https".equalsIgnoreCase(forwarded) || "http".equalsIgnoreCase(forwarded);
      return valid && settings.trustedProxies().trusts(incoming.remoteAddress()) ? forwarded.toLowerCase() : incoming.scheme();
    }

    /** The whole body, or null as soon as it is larger than allowed (what follows is read and dropped). */
    private Future<Buffer> wholeBody(HttpServerRequest incoming) {
      Buffer body = Buffer.buffer();
      if (incoming.isEnded()) {
        return Future.succeededFuture(body);
      }
      Promise<Buffer> whole = Promise.promise();
      incoming.handler(chunk -> {
        if (body.length() + chunk.length() > bodyLimit) {
          incoming.handler(dropped -> { });
          whole.tryComplete(null);
        } else {
          body.appendBuffer(chunk);
        }
      });
      incoming.exceptionHandler(whole::tryFail);
      incoming.endHandler(end -> whole.tryComplete(body));
      incoming.resume();
      return whole.future();
    }
  }
}
