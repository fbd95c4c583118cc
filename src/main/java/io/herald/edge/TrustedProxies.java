package io.herald.edge;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who the client really is. A connection's peer is the client, unless the peer is one of the configured trusted
 * proxies (load balancers): then the client is the right-most address of {@code X-Forwarded-For} that is not itself
 * a trusted proxy. Addresses forwarded by anyone else are never believed, so per-client limits cannot be dodged by
 * sending a made-up header.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<IpSubnetFilterRule> rules;

  private TrustedProxies(List<IpSubnetFilterRule> rules) {
    this.rules = rules;
  }

  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses a comma-separated list of addresses ({@code 10.0.0.5}) and CIDR ranges ({@code 10.0.0.0/8},
   * {@code fd00::/8}). Throws {@link IllegalArgumentException} naming the entry that is not one.
   */
  public static TrustedProxies parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return NONE;
    }
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : commaSeparated.split(",")) {
      String trimmed = entry.trim();
      if (!trimmed.isEmpty()) {
        rules.add(rule(trimmed));
      }
    }
    return new TrustedProxies(List.copyOf(rules));
  }

  private static IpSubnetFilterRule rule(String entry) {
    String[] parts = entry.split("/", 2);
    try {
      boolean v6 = parts[0].contains(":");
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : (v6 ? 128 : 32);
      if (!isIpLiteral(parts[0])) {
        throw new IllegalArgumentException(entry);
      }
      return new IpSubnetFilterRule(parts[0], bits, IpFilterRuleType.ACCEPT);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not an IP address or CIDR range: '" + entry + "'");
    }
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether the connection's peer is a trusted proxy (its forwarded headers may be read). */
  public boolean trusts(SocketAddress peer) {
    return peer != null && peer.hostAddress() != null && trusts(peer.hostAddress());
  }

  public boolean trusts(String ip) {
    if (rules.isEmpty()) {
      return false;
    }
    var literal = NetUtil.createInetAddressFromIpAddressString(ip);
    if (literal == null) {
      return false;
    }
    InetSocketAddress address = new InetSocketAddress(literal, 0);
    return rules.stream().anyMatch(rule -> rule.matches(address));
  }

  /**
   * The client's address for a connection from {@code peer} that carried {@code forwardedFor} (may be null).
   * Only a trusted peer's header is read; a malformed entry ends the walk and the last trusted hop is the client.
   */
  public String client(SocketAddress peer, String forwardedFor) {
    String peerIp = peer == null || peer.hostAddress() == null ? "-" : peer.hostAddress();
    if (forwardedFor == null || !trusts(peerIp)) {
      return peerIp;
    }
    List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::trim).toList();
    String client = peerIp;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!isIpLiteral(hop)) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  private static boolean isIpLiteral(String value) {
    return NetUtil.isValidIpV4Address(value) || NetUtil.isValidIpV6Address(value);
  }
}
