package io.herald.support;

import io.herald.support.ApiClient.TestUser;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The sockets a test opens on its own node, closed after the test even when it failed half-way. */
public final class OpenedSockets {

  private final OwnNode node;
  private final List<Runnable> opened = new ArrayList<>();

  public OpenedSockets(OwnNode node) {
    this.node = node;
  }

  public WsProbe raw(String uri) {
    WsProbe probe = WsProbe.connect(node.vertx(), node.port(), uri);
    opened.add(probe::close);
    return probe;
  }

  public SockJsProbe sockJs(String query) {
    SockJsProbe probe = SockJsProbe.connect(node.vertx(), node.port(), query);
    opened.add(probe::close);
    return probe;
  }

  /**
   * {@code count} connected raw sockets of the user ({@code query} is appended to its token), checked to be spread over
   * more than one instance of the sockets verticle: the instance is the prefix of the connection id.
   */
  public List<WsProbe> spreadOverInstances(TestUser user, String query, int count) {
    List<WsProbe> tabs = new ArrayList<>();
    Set<String> instances = new HashSet<>();
    for (int i = 0; i < count; i++) {
      WsProbe tab = raw("/ws/notifications?token=" + user.token() + query);
      instances.add(instanceOf(tab.await("connected")));
      tabs.add(tab);
    }
    assertThat(instances).hasSizeGreaterThan(1);
    return tabs;
  }

  /** The instance of the sockets verticle that holds a socket, from its {@code connected} frame. */
  public static String instanceOf(JsonObject connected) {
    String id = connected.getString("connection_id");
    return id.substring(0, id.lastIndexOf('-'));
  }

  /** Closes them all and waits until the node counts no socket, so that the next test starts from none. */
  public void closeAll() {
    opened.forEach(Runnable::run);
    opened.clear();
    Await.until("all closed", () -> node.socketConnections() == 0);
  }
}
