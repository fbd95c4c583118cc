package io.herald.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One SockJS session over an HTTP transport: frames arrive from xhr polling, an xhr stream or an event stream
 * (reopened whenever the server ends it, as sockjs-client does), and messages leave by {@code xhr_send}.
 */
final class SockJsHttp implements SockJsProbe.Wire {

  private static final int WAIT_SECONDS = 10;
  private static final String PRELUDE = "h".repeat(2048);

  private final HttpClientAgent client;
  private final int port;
  private final String session;
  private final String query;
  private final SockJsTransport transport;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final Context context;
  private volatile boolean closed;
  /** The poll in flight, once its request is sent; on the session's context. */
  private HttpClientRequest poll;
  private final Promise<Void> pollingEnded = Promise.promise();

  /** {@code localAddress}: the loopback address to connect from (127.0.0.2 is another client than 127.0.0.1). */
  SockJsHttp(Vertx vertx, int port, String query, SockJsTransport transport, String localAddress) {
    // a fresh connection per request: vertx-web closes the connection after every polling response
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setLocalAddress(localAddress));
    this.port = port;
    this.session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    this.query = query == null ? "" : "?" + query;
    this.transport = transport;
    // Every request, and the close, is made on one context of the session's own: a response is then read by handlers
    // set in the same event-loop turn as its headers arrive (from the test's thread the response's future completed on
    // the event loop, and its callback, a task queued after it, could find a short polling response already ended),
    // and close() can tell whether a poll is in flight.
    this.context = vertx.getOrCreateContext();
    context.runOnContext(started -> receive());
  }

  /** The next poll, or, once the session is closed, the end of polling. On the session's context. */
  private void receive() {
    if (closed) {
      pollingEnded.tryComplete();
      return;
    }
    HttpMethod method = transport == SockJsTransport.EVENTSOURCE ? HttpMethod.GET : HttpMethod.POST;
    client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(session + transport.path() + query))
      .compose(request -> {
        // a poll is reset when the session closes (here, or by close()): the polling ends, and that is no error
        request.exceptionHandler(reset -> { });
        if (closed) {
          request.reset();
          return Future.failedFuture("closed by the test");
        }
        poll = request;
        return request.send();
      })
      .onSuccess(this::read)
      .onFailure(failure -> {
        poll = null;
        if (!closed) {
          frames.add("c[0,\"" + failure.getMessage() + "\"]");
          closed = true;
        }
        pollingEnded.tryComplete();
      });
  }

  private void read(HttpClientResponse response) {
    StringBuilder pending = new StringBuilder();
    response.handler(chunk -> {
      pending.append(chunk.toString());
      for (int end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        frame(pending.substring(0, end).strip());
        pending.delete(0, end + 1);
      }
    });
    response.exceptionHandler(failure -> {
      poll = null;
      closed = true;
      pollingEnded.tryComplete();
    });
    response.endHandler(v -> {
      poll = null;
      receive();
    });
  }

  private void frame(String line) {
    String frame = transport == SockJsTransport.EVENTSOURCE ? (line.startsWith("data: ") ? line.substring(6) : "") : line;
    if (!frame.isEmpty() && !frame.equals(PRELUDE)) {
      frames.add(frame);
      if (frame.startsWith("c")) {
        closed = true;
      }
    }
  }

  @Override
  public void sendText(String text) {
    Await.await(onContext(() -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(port).setURI(session + "xhr_send" + query).putHeader("Content-Type", "text/plain"))
      .compose(request -> request.send(text))
      .compose(response -> response.body().compose(body -> response.statusCode() == 204 ? Future.succeededFuture(body)
        : Future.failedFuture("xhr_send answered " + response.statusCode() + " " + body)))));
  }

  @Override
  public String nextText() {
    try {
      String frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no SockJS frame over " + transport.path() + " within " + WAIT_SECONDS + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Ends the polling (the poll in flight is reset), then closes the client once no connection of it is being made.
   * vertx-core 5.0's connection pool can fail to close while a connection is being made: {@code SimpleConnectionPool}'s
   * close reads the connecting slot's initiator twice while the connect's completion clears it on the event loop (a
   * NullPointerException out of {@code HttpClient.close()}), and the client then never finishes closing, nor does the
   * Vert.x it belongs to.
   */
  @Override
  public void close() {
    Await.await(onContext(() -> {
      closed = true;
      if (poll != null) {
        poll.reset();
      }
      return pollingEnded.future();
    }).compose(ended -> onContext(client::close)));
  }

  /** Runs {@code action} on the session's context, where the polls run too. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
