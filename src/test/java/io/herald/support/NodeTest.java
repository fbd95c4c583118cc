package io.herald.support;

import io.herald.Herald;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class against one whole Herald node, started once for the class, with an admin token ready. */
@ExtendWith(VertxExtension.class)
public abstract class NodeTest {

  protected static Vertx vertx;
  protected static Herald node;
  protected static ApiClient api;
  protected static String admin;

  @BeforeAll
  static void startNode(Vertx testVertx) {
    vertx = testVertx;
    node = TestNode.start(vertx);
    api = new ApiClient(vertx, node.httpPort());
    admin = api.adminToken();
  }

  /** Stops the node, then closes the Vert.x here rather than in the extension, to tell what a hung close is stuck on. */
  @AfterAll
  static void stopNode() {
    VertxShutdown.stop(node);
    VertxShutdown.close(vertx);
  }
}
