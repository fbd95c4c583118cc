package io.herald.cluster;

import com.hazelcast.config.Config;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

  @Test
  void aNodeJoinsOnlyTheMembersItIsToldAboutNeverByMulticast() {
    Config hazelcast = ClusterSettings.from(new HeraldConfig(new JsonObject())).hazelcast();
    var join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(hazelcast.getClusterName()).isEqualTo("herald");
    assertThat(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(hazelcast.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
  }

  @Test
  void membersNameHostsAndPortsComeFromTheConfiguration() {
    HeraldConfig config = new HeraldConfig(new JsonObject()
      .put(Settings.CLUSTER_NAME.key(), "hostel-a")
      .put(Settings.CLUSTER_MEMBERS.key(), "10.0.0.1:5701, 10.0.0.2:5701")
      .put(Settings.CLUSTER_HOST.key(), "10.0.0.1")
      .put(Settings.CLUSTER_PUBLIC_HOST.key(), "203.0.113.9")
      .put(Settings.CLUSTER_PORT.key(), "5801")
      .put(Settings.EVENTBUS_PORT.key(), "5802"));
    ClusterSettings settings = ClusterSettings.from(config);
    Config hazelcast = settings.hazelcast();
    assertThat(hazelcast.getClusterName()).isEqualTo("hostel-a");
    assertThat(hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(hazelcast.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.9:5801");
    EventBusOptions bus = settings.eventBus(new EventBusOptions());
    assertThat(bus.getHost()).isEqualTo("10.0.0.1");
    assertThat(bus.getPort()).isEqualTo(5802);
    assertThat(bus.getClusterPublicHost()).isEqualTo("203.0.113.9");
  }

  @Test
  void vertxsOwnClusterMapsAreKept() {
    Config hazelcast = ClusterSettings.from(new HeraldConfig(new JsonObject())).hazelcast();
    assertThat(hazelcast.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void aSilentMemberIsDroppedAfterTheFailureTimeoutAndPhoneHomeIsOff() {
    Config hazelcast = ClusterSettings.from(new HeraldConfig(new JsonObject()
      .put(Settings.CLUSTER_FAILURE_TIMEOUT_SECONDS.key(), "6"))).hazelcast();
    assertThat(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("6");
    assertThat(hazelcast.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("6");
    assertThat(hazelcast.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
  }

  @Test
  void eventBusTlsIsMutualAndNeedsBothStores() {
    EventBusOptions bus = ClusterSettings.from(new HeraldConfig(new JsonObject()
      .put(Settings.EVENTBUS_TLS_KEYSTORE.key(), "/etc/herald/node.p12").put(Settings.EVENTBUS_TLS_KEYSTORE_PASSWORD.key(), "k")
      .put(Settings.EVENTBUS_TLS_TRUSTSTORE.key(), "/etc/herald/ca.jks").put(Settings.EVENTBUS_TLS_TRUSTSTORE_PASSWORD.key(), "t")))
      .eventBus(new EventBusOptions());
    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(bus.getKeyCertOptions()).isInstanceOf(PfxOptions.class);
    assertThat(bus.getTrustOptions()).isInstanceOf(JksOptions.class);
    assertThatThrownBy(() -> ClusterSettings.from(new HeraldConfig(new JsonObject()
      .put(Settings.EVENTBUS_TLS_KEYSTORE.key(), "/etc/herald/node.p12"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Settings.EVENTBUS_TLS_TRUSTSTORE.key());
    assertThat(ClusterSettings.from(new HeraldConfig(new JsonObject())).eventBus(new EventBusOptions()).isSsl()).isFalse();
  }
}
