package io.herald.edge;

import io.herald.http.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Deadlines on one HTTP server's connections, and on the public port a cap on connections per peer address.
 *
 * <p>Vert.x's idle timeout only closes a connection that is silent; a client that trickles one byte every few seconds
 * keeps it forever. So each connection also has a <em>header deadline</em>: the first request line and headers must be
 * complete within {@code headerTimeoutMillis} of its opening, and each later one within the keep-alive time (the
 * idle timeout) of the previous response's end, or the connection is closed without an answer (half a request line,
 * half the headers, or an idle keep-alive connection all end the same way). Between requests the longer window
 * spares clients that reuse a connection after a pause the race with a close that crosses their request on the
 * wire. Once the headers are in, a request with a body must deliver it within
 * {@code bodyTimeoutMillis}, or it is answered 408 and the connection closed. A WebSocket is past both deadlines
 * once upgraded; its own ping and idle rules apply.
 *
 * <p>One instance per server, used only from that server's event loop (the verticle's context).
 */
public final class ConnectionGuard {

  private static final int SWITCHING_PROTOCOLS = 101;

  private final Vertx vertx;
  private final EdgeSettings settings;
  private final boolean capPerIp;
  private final Map<HttpConnection, Deadline> connections = new HashMap<>();
  private final Map<String, Integer> openPerIp;

  private ConnectionGuard(Vertx vertx, EdgeSettings settings, boolean capPerIp, Map<String, Integer> openPerIp) {
    this.vertx = vertx;
    this.settings = settings;
    this.capPerIp = capPerIp;
    this.openPerIp = openPerIp;
  }

  /**
   * The public port's guard: deadlines, and at most {@code connectionsPerIp} connections from one untrusted peer. The
   * servers of all instances of one deployment ({@code deploymentId}) share the port, so they count in one local shared
   * map, changed only atomically.
   */
  public static ConnectionGuard publicPort(Vertx vertx, EdgeSettings settings, String deploymentId) {
    return new ConnectionGuard(vertx, settings, true, vertx.sharedData().getLocalMap(deploymentId + ".connections-per-ip"));
  }

  /** A guard with deadlines only (the API's own port, reached through the relay). */
  public static ConnectionGuard deadlinesOnly(Vertx vertx, EdgeSettings settings) {
    return new ConnectionGuard(vertx, settings, false, new HashMap<>());
  }

  /** The server's connection handler. */
  public void connected(HttpConnection connection) {
    String peer = connection.remoteAddress() == null ? "-" : connection.remoteAddress().hostAddress();
    boolean counted = capPerIp && !settings.trustedProxies().trusts(peer);
    if (counted && openPerIp.merge(peer, 1, Integer::sum) > settings.connectionsPerIp()) {
      release(peer);
      connection.close();
      return;
    }
    Deadline deadline = new Deadline(connection);
    connections.put(connection, deadline);
    deadline.awaitHeaders(settings.headerTimeoutMillis());
    connection.closeHandler(closed -> {
      deadline.cancel();
      connections.remove(connection);
      if (counted) {
        release(peer);
      }
    });
  }

  /** The router's first handler: the headers are in; the body deadline starts; the header deadline restarts after the response. */
  public void requestStarted(RoutingContext ctx) {
    Deadline deadline = connections.get(ctx.request().connection());
    if (deadline != null) {
      deadline.requestStarted(ctx);
    }
    ctx.next();
  }

  private void release(String peer) {
    openPerIp.computeIfPresent(peer, (ip, open) -> open <= 1 ? null : open - 1);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !"0".equals(length.trim()));
  }

  private static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && !upgrade.isBlank();
  }

  /** One connection's timers. */
  private final class Deadline {

    private final HttpConnection connection;
    private long headerTimer = -1;
    private int inProgress;
    private boolean upgraded;

    private Deadline(HttpConnection connection) {
      this.connection = connection;
    }

    void awaitHeaders(long millis) {
      cancel();
      headerTimer = vertx.setTimer(millis, fired -> {
        headerTimer = -1;
        if (inProgress == 0 && !upgraded) {
          connection.close();
        }
      });
    }

    void requestStarted(RoutingContext ctx) {
      cancel();
      inProgress++;
      HttpServerRequest request = ctx.request();
      if (isUpgrade(request)) {
        upgraded = true;
      }
      if (hasBody(request) && !request.isEnded()) {
        long bodyTimer = vertx.setTimer(settings.bodyTimeoutMillis(), fired -> bodyTooSlow(ctx));
        ctx.addEndHandler(done -> vertx.cancelTimer(bodyTimer));
      }
      ctx.addEndHandler(done -> {
        inProgress--;
        if (done.succeeded() && ctx.response().getStatusCode() != SWITCHING_PROTOCOLS) {
          upgraded = false;
        }
        if (inProgress == 0 && !upgraded && done.succeeded()) {
          awaitHeaders(settings.keepAliveMillis());
        }
      });
    }

    private void bodyTooSlow(RoutingContext ctx) {
      if (ctx.request().isEnded()) {
        return;
      }
      if (ctx.response().headWritten()) {
        connection.close();
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(ctx, 408, "The request body did not arrive in time");
      connection.close();
    }

    void cancel() {
      if (headerTimer >= 0) {
        vertx.cancelTimer(headerTimer);
        headerTimer = -1;
      }
    }
  }
}
