package io.herald.edge;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

  private static SocketAddress peer(String ip) {
    return SocketAddress.inetSocketAddress(40000, ip);
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");
    assertThat(proxies.client(peer("203.0.113.7"), "198.51.100.1")).isEqualTo("203.0.113.7");
    assertThat(TrustedProxies.none().client(peer("127.0.0.1"), "198.51.100.1")).isEqualTo("127.0.0.1");
  }

  @Test
  void theRightMostUntrustedHopIsTheClient() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.10");
    assertThat(proxies.client(peer("10.1.2.3"), "6.6.6.6, 198.51.100.1, 192.0.2.10")).isEqualTo("198.51.100.1");
    assertThat(proxies.client(peer("10.1.2.3"), null)).isEqualTo("10.1.2.3");
  }

  @Test
  void aMalformedHopEndsTheWalkAtTheLastTrustedOne() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");
    assertThat(proxies.client(peer("10.1.2.3"), "not-an-ip")).isEqualTo("10.1.2.3");
    assertThat(proxies.client(peer("10.1.2.3"), "198.51.100.1, 10.9.9.9")).isEqualTo("198.51.100.1");
  }

  @Test
  void ipv6RangesAndSingleAddressesAreUnderstood() {
    TrustedProxies proxies = TrustedProxies.parse("fd00::/8,127.0.0.1");
    assertThat(proxies.trusts("fd12::1")).isTrue();
    assertThat(proxies.trusts("127.0.0.1")).isTrue();
    assertThat(proxies.trusts("127.0.0.2")).isFalse();
  }

  @Test
  void anEntryThatIsNoAddressIsRefusedByName() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, lb.internal"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lb.internal");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/99")).hasMessageContaining("10.0.0.0/99");
  }
}
