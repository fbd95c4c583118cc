package io.herald.support;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A whole node with a Vert.x of its own and configuration overrides (small limits), an admin token ready. */
public final class OwnNode {

  private final Vertx vertx;
  private final Herald herald;
  private final ApiClient api;
  private final String admin;
  private TestSql sql;

  private OwnNode(Vertx vertx, Herald herald) {
    this.vertx = vertx;
    this.herald = herald;
    this.api = new ApiClient(vertx, herald.httpPort());
    this.admin = api.adminToken();
  }

  /** {@code overrides}: setting keys (see Settings) and values on top of the test defaults. */
  public static OwnNode start(JsonObject overrides) {
    Vertx vertx = TestNode.vertx();
    return new OwnNode(vertx, TestNode.start(vertx, new HeraldConfig(TestNode.config().json().mergeIn(overrides))));
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return herald.httpPort();
  }

  public ApiClient api() {
    return api;
  }

  public String admin() {
    return admin;
  }

  /** This node's open sockets: raw ones, and authenticated SockJS sessions. */
  public int socketConnections() {
    return api.get("/api/v1/websocket/health", null).bodyAsJsonObject().getInteger("connections");
  }

  /** Direct SQL on the node's database, for fixtures and checks; closed with the node. */
  public TestSql sql() {
    if (sql == null) {
      sql = new TestSql(vertx);
    }
    return sql;
  }

  public void stop() {
    if (sql != null) {
      sql.close();
    }
    api.close();
    VertxShutdown.stop(herald);
    VertxShutdown.close(vertx);
  }
}
