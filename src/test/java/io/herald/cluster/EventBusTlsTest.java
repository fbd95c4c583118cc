package io.herald.cluster;

import com.hazelcast.config.Config;
import io.herald.bus.Addresses;
import io.herald.cluster.Subscriber.Transport;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes whose event bus runs over mutual TLS, and an attacker on the cluster network: a Vert.x node of its own that
 * joins Hazelcast (cluster name and members known) without the cluster's certificate. Its requests on behalf of a
 * forged admin reach no node, and it receives none of the notifications it subscribes to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBusTlsTest {

  private static final String PASSWORD = "cluster-store-password";

  private Vertx vertx;
  private LocalCluster cluster;
  private ApiClient api;
  private String admin;

  @BeforeAll
  void startCluster() {
    Path stores = TestNode.tempDir();
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=herald-node",
      "-validity", "2", "-storetype", "PKCS12", "-keystore", stores.resolve("node.p12").toString(), "-storepass", PASSWORD);
    keytool("-exportcert", "-alias", "node", "-keystore", stores.resolve("node.p12").toString(), "-storepass", PASSWORD,
      "-file", stores.resolve("node.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "cluster-ca", "-file", stores.resolve("node.crt").toString(),
      "-storetype", "PKCS12", "-keystore", stores.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    vertx = Vertx.vertx();
    cluster = new LocalCluster(vertx, 2, Map.of(
      "HERALD_EVENTBUS_TLS_KEYSTORE", stores.resolve("node.p12").toString(), "HERALD_EVENTBUS_TLS_KEYSTORE_PASSWORD", PASSWORD,
      "HERALD_EVENTBUS_TLS_TRUSTSTORE", stores.resolve("trust.p12").toString(), "HERALD_EVENTBUS_TLS_TRUSTSTORE_PASSWORD", PASSWORD))
      .start();
    api = new ApiClient(vertx, cluster.port(1));
    admin = api.adminToken();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (api != null) {
      api.close();
    }
    vertx.close();
  }

  @Test
  void nodesDeliverToEachOtherOverTlsWhileANodeWithoutTheCertificateCanNeitherActNorListen() {
    TestUser victim = api.newUser(admin, "student");
    Subscriber onNodeTwo = new Subscriber(vertx, Transport.RAW, victim.id(), victim.token(), () -> cluster.port(2));
    Vertx rogue = rogueNode();
    List<JsonObject> stolen = new CopyOnWriteArrayList<>();
    try {
      MessageConsumer<JsonObject> listening = rogue.eventBus().consumer(Addresses.USER_MESSAGES,
        message -> stolen.add(message.body()));
      Await.await(listening.completion());
      Await.until("the node-2 client resumed", onNodeTwo::ready);

      Future<?> forged = rogue.eventBus().request(Addresses.USERS_UPDATE, new JsonObject()
        .put("actor", new JsonObject().put("id", 1).put("username", "admin").put("role", "admin"))
        .put("id", victim.id()).put("disabled", true), new DeliveryOptions().setSendTimeout(5_000));
      assertThat(api.post("/api/v1/notifications", admin, new JsonObject().put("user_ids", new JsonArray().add(victim.id()))
        .put("title", "private").put("message", "for the victim only")).statusCode()).isEqualTo(201);

      Await.until("the notification crossed to node 2 over TLS", () -> onNodeTwo.received().size() == 1);
      assertThat(forged.toCompletionStage().toCompletableFuture().handle((ok, failure) -> failure).join())
        .as("the forged request reached no node").isNotNull();
      assertThat(api.get("/api/v1/auth/me", victim.token()).statusCode()).as("the victim is still enabled").isEqualTo(200);
      assertThat(stolen).as("the rogue node received nothing").isEmpty();
    } finally {
      onNodeTwo.close();
      Await.await(rogue.close());
    }
  }

  /** A clustered Vert.x in this JVM, in the nodes' Hazelcast cluster, with a plain (no TLS) event bus. */
  private Vertx rogueNode() {
    Config config = ConfigUtil.loadConfig().setClusterName(cluster.clusterName());
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(LocalCluster.freePort()).setPortAutoIncrement(false)
      .getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    return Await.await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config)).buildClustered(), 90);
  }

  private static void keytool(String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("keytool failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
