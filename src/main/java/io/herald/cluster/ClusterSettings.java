package io.herald.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a clustered node finds the others: Hazelcast's TCP-IP join with an explicit member list, never multicast, under
 * a cluster name of Herald's own; the event bus binds beside it. Nothing joins a cluster it was not told about.
 *
 * <p>Members of the cluster trust each other completely (the event bus carries requests on behalf of users), so the
 * cluster ports must only be reachable on a private network: docs/security.md, "The cluster".
 */
public record ClusterSettings(String name, List<String> members, String host, String publicHost, int port,
                              int eventBusPort, int failureTimeoutSeconds, EventBusTls tls) {

  /**
   * Mutual TLS between the nodes' event buses: every node presents the certificate in its keystore and accepts only
   * peers whose certificate its truststore trusts (a private CA for the cluster). Null when not configured.
   */
  public record EventBusTls(String keystore, String keystorePassword, String truststore, String truststorePassword) {

    static EventBusTls from(HeraldConfig config) {
      String keystore = config.get(Settings.EVENTBUS_TLS_KEYSTORE);
      String truststore = config.get(Settings.EVENTBUS_TLS_TRUSTSTORE);
      if (keystore == null && truststore == null) {
        return null;
      }
      if (keystore == null || truststore == null) {
        throw new IllegalArgumentException("Event-bus TLS needs both " + Settings.EVENTBUS_TLS_KEYSTORE.key() + " and "
          + Settings.EVENTBUS_TLS_TRUSTSTORE.key());
      }
      return new EventBusTls(keystore, Objects.requireNonNullElse(config.get(Settings.EVENTBUS_TLS_KEYSTORE_PASSWORD), ""),
        truststore, Objects.requireNonNullElse(config.get(Settings.EVENTBUS_TLS_TRUSTSTORE_PASSWORD), ""));
    }

    void apply(EventBusOptions options) {
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(store(keystore, keystorePassword))
        .setTrustOptions(store(truststore, truststorePassword));
    }

    /** PKCS#12 unless the file ends in .jks. */
    private static KeyStoreOptionsBase store(String path, String password) {
      return path.toLowerCase(Locale.ROOT).endsWith(".jks")
        ? new JksOptions().setPath(path).setPassword(password)
        : new PfxOptions().setPath(path).setPassword(password);
    }

    @Override
    public String toString() {
      return "EventBusTls[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
  }

  public static ClusterSettings from(HeraldConfig config) {
    String host = config.get(Settings.CLUSTER_HOST);
    return new ClusterSettings(
      config.get(Settings.CLUSTER_NAME),
      Arrays.stream(Objects.requireNonNullElse(config.get(Settings.CLUSTER_MEMBERS), host).split(","))
        .map(String::trim).filter(member -> !member.isEmpty()).toList(),
      host,
      config.get(Settings.CLUSTER_PUBLIC_HOST),
      config.get(Settings.CLUSTER_PORT),
      config.get(Settings.EVENTBUS_PORT),
      config.get(Settings.CLUSTER_FAILURE_TIMEOUT_SECONDS),
      EventBusTls.from(config));
  }

  /**
   * Vert.x's own Hazelcast defaults (its maps and multimaps), with Herald's network and join on top. A member silent
   * for {@code failureTimeoutSeconds} (dead, frozen or cut off) is removed; its registrations and locks go with it. A
   * member that finds itself apart from the others looks for them as often and then leaves ({@link SplitBrainExit}).
   */
  public Config hazelcast() {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(name);
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failureTimeoutSeconds));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(failureTimeoutSeconds));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(failureTimeoutSeconds));
    config.addListenerConfig(new ListenerConfig(new MembershipLog()));
    config.addListenerConfig(new ListenerConfig(new SplitBrainExit()));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    if (publicHost != null) {
      network.setPublicAddress(publicHost + ":" + port);
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }

  public EventBusOptions eventBus(EventBusOptions options) {
    options.setHost(host).setPort(eventBusPort);
    if (publicHost != null) {
      options.setClusterPublicHost(publicHost);
    }
    if (tls != null) {
      tls.apply(options);
    }
    return options;
  }
}
