package io.herald.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One frame written to N WebSockets on one event loop, two ways, alternating rounds: the public
 * {@code writeTextMessage(String)} (what {@code sockets.EncodedFrame} does) and the former write of one shared UTF-8 array
 * wrapped in Vert.x's internal {@code WebSocketFrameImpl} (kept here only to compare). Prints the median time of the
 * write loop on the server's event loop and until every client has the frame (bench/sockets.md, "Instances").
 * Not a test; run by bench/frame-write.sh.
 */
public final class FrameWriteBench {

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.n", 5_000);
    int rounds = Integer.getInteger("bench.rounds", 40);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<ServerWebSocket> sockets = new ArrayList<>();
    CompletableFuture<Context> serverContext = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().webSocketHandler(socket -> {
      sockets.add(socket);
      serverContext.complete(Vertx.currentContext());
    }).listen(0, "127.0.0.1").await();
    AtomicLong received = new AtomicLong();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n));
    List<Future<?>> connecting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      connecting.add(client.webSocket().textMessageHandler(text -> received.incrementAndGet())
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI("/")));
    }
    Future.all(connecting).await();
    Context context = serverContext.get();
    String text = new JsonObject().put("type", "notification").put("data", new JsonObject().put("id", 123456)
      .put("title", "Broadcast to every porter").put("message", "The heating in block C is back on; thank you for your patience.")
      .put("created_at", "2026-11-30T10:00:00Z")).encode();
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    long[][] loop = new long[2][rounds];
    long[][] delivered = new long[2][rounds];
    for (int r = 0; r < rounds * 2; r++) {
      int method = r % 2;
      long expected = received.get() + n;
      long start = System.nanoTime();
      Promise<Long> written = Promise.promise();
      context.runOnContext(v -> {
        for (ServerWebSocket socket : sockets) {
          if (method == 0) {
            socket.writeTextMessage(text);
          } else {
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
          }
        }
        written.complete(System.nanoTime() - start);
      });
      long loopNanos = written.future().await();
      while (received.get() < expected) {
        Thread.onSpinWait();
      }
      loop[method][r / 2] = loopNanos;
      delivered[method][r / 2] = System.nanoTime() - start;
    }
    System.out.printf("n=%d rounds=%d frame=%d bytes, load %s%n", n, rounds, utf8.length,
      new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
    System.out.printf("writeTextMessage(String):      write loop median %.1f ms, all received median %.1f ms%n",
      median(loop[0]), median(delivered[0]));
    System.out.printf("shared array (WebSocketFrameImpl): write loop median %.1f ms, all received median %.1f ms%n",
      median(loop[1]), median(delivered[1]));
    vertx.close().await();
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
