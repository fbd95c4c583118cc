package io.herald.support;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Herald nodes on the one test database, each on a Vert.x of its own, that mail through one GreenMail: the setup of a
 * test in which nodes race on the same work. An API client and SQL are ready on the first node.
 */
public final class MailingNodes implements AutoCloseable {

  private final GreenMail mail;
  private final IntFunction<HeraldConfig> config;
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Herald> nodes = new ArrayList<>();
  private ApiClient api;
  private WebClient web;
  private TestSql sql;

  private MailingNodes(GreenMail mail, IntFunction<HeraldConfig> config) {
    this.mail = mail;
    this.config = config;
  }

  /** {@code config}: a node's configuration, given the SMTP port (see MailNodes.config). */
  public static MailingNodes start(int count, IntFunction<HeraldConfig> config) {
    MailingNodes started = new MailingNodes(MailNodes.greenMail(), config);
    try {
      for (int i = 0; i < count; i++) {
        Vertx vertx = Vertx.vertx();
        started.vertxes.add(vertx);
        started.nodes.add(TestNode.start(vertx, started.config()));
      }
      started.api = new ApiClient(started.vertxes.get(0), started.nodes.get(0).httpPort());
      started.web = WebClient.create(started.vertxes.get(0), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(started.nodes.get(0).httpPort()));
      started.sql = new TestSql(started.vertxes.get(0));
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /** Stops what {@code started} started; nothing where it never started. */
  public static void close(MailingNodes started) {
    if (started != null) {
      started.close();
    }
  }

  private HeraldConfig config() {
    return config.apply(mail.getSmtp().getPort());
  }

  public GreenMail mail() {
    return mail;
  }

  public List<Vertx> vertxes() {
    return vertxes;
  }

  /** A client of the first node's HTTP API, as it was when the nodes started. */
  public ApiClient api() {
    return api;
  }

  /** A plain HTTP client of the first node's public port (pages, forms, headers of one's own). */
  public WebClient web() {
    return web;
  }

  public TestSql sql() {
    return sql;
  }

  /** Stops node {@code i} and starts a new one on the same Vert.x with a fresh configuration. */
  public void restart(int i) {
    Await.await(nodes.get(i).stop());
    nodes.set(i, TestNode.start(vertxes.get(i), config()));
  }

  @Override
  public void close() {
    if (sql != null) {
      sql.close();
    }
    if (api != null) {
      api.close();
    }
    if (web != null) {
      web.close();
    }
    nodes.forEach(node -> Await.await(node.stop()));
    vertxes.forEach(vertx -> Await.await(vertx.close()));
    mail.stop();
  }
}
