package io.herald.logging;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id's place in a Vert.x context. Context locals must exist before a Vert.x instance does; Vert.x loads
 * its service providers (this one is declared in {@code META-INF/services}) before it fixes the list of locals.
 */
public final class RequestIdLocal implements VertxServiceProvider {

  static final ContextLocal<String> KEY = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap builder) {
    // nothing to set up: registering KEY is the point
  }
}
