package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on 127.0.0.1 in front of a real server that can be frozen: while frozen it forwards nothing either way
 * and keeps every connection open, as a hung database host does (no reset, no answer).
 */
public final class FreezableProxy {

  private final NetServer server;
  private final NetClient client;
  private final List<NetSocket> sockets = new ArrayList<>();
  private boolean frozen;

  private FreezableProxy(Vertx vertx, String targetHost, int targetPort) {
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(front -> {
      front.pause();
      client.connect(targetPort, targetHost).onSuccess(back -> {
        front.handler(back::write);
        back.handler(front::write);
        front.closeHandler(v -> back.close());
        back.closeHandler(v -> front.close());
        synchronized (this) {
          sockets.add(front);
          sockets.add(back);
          if (frozen) {
            back.pause();
          } else {
            front.resume();
          }
        }
      }).onFailure(failure -> front.close());
    });
  }

  public static FreezableProxy start(Vertx vertx, String targetHost, int targetPort) {
    FreezableProxy proxy = new FreezableProxy(vertx, targetHost, targetPort);
    Await.await(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  public synchronized void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  public synchronized void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
  }

  public void close() {
    Await.await(server.close());
    Await.await(client.close());
  }
}
