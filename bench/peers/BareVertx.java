import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Peer of ../shared/bench/peers/ws-server.js on a bare Vert.x 5 (one event loop, nothing persisted): the same paths,
 * the same frames. Run: java -cp "$(cat target/bench.classpath)" bench/peers/BareVertx.java 8083
 */
public class BareVertx {

  public static void main(String[] args) {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "8083");
    Vertx vertx = Vertx.vertx();
    Map<String, Set<ServerWebSocket>> byUser = new HashMap<>();
    Set<ServerWebSocket> all = new HashSet<>();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setAcceptBacklog(4096))
      .webSocketHandler(ws -> {
        String user = ws.query() == null ? null : ws.query().replaceFirst("^.*token=([^&]*).*$", "$1");
        if (!"/ws/notifications".equals(ws.path()) || user == null || user.isEmpty()) {
          ws.close((short) 4401, "missing token");
          return;
        }
        all.add(ws);
        byUser.computeIfAbsent(user, u -> new HashSet<>()).add(ws);
        ws.closeHandler(v -> {
          all.remove(ws);
          Set<ServerWebSocket> mine = byUser.get(user);
          if (mine != null && mine.remove(ws) && mine.isEmpty()) {
            byUser.remove(user);
          }
        });
        ws.exceptionHandler(e -> { });
      })
      .requestHandler(req -> req.body().onSuccess(body -> {
        JsonObject data;
        try {
          data = body.toJsonObject();
        } catch (RuntimeException e) {
          req.response().setStatusCode(400).end("{\"error\":\"bad json\"}");
          return;
        }
        String frame = new JsonObject().put("type", "notification").put("data", data).encode();
        Set<ServerWebSocket> to = "/broadcast".equals(req.path()) ? all
          : req.path().startsWith("/notify/") ? byUser.getOrDefault(req.path().substring(8), Set.of()) : null;
        if (to == null || !"POST".equals(req.method().name())) {
          req.response().setStatusCode(404).end("{\"error\":\"not found\"}");
          return;
        }
        Buffer text = Buffer.buffer(frame);
        to.forEach(ws -> ws.writeTextMessage(text.toString()));
        req.response().setStatusCode(202).putHeader("content-type", "application/json")
          .end(new JsonObject().put("written", to.size()).encode());
      }))
      .listen(port)
      .onSuccess(s -> System.out.println("bare Vert.x peer listening on " + port + " pid " + ProcessHandle.current().pid()));
  }
}
