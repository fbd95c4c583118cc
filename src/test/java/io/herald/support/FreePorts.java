package io.herald.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes a test starts itself (cluster nodes, nginx), chosen below the kernel's ephemeral range: a port
 * taken from that range (a {@code ServerSocket(0)}) can be handed to someone else's outgoing connection or port-0 bind
 * between the choice and the child's own bind, which happens on a loaded machine. A port is handed out once per test
 * JVM: a cluster picks all its nodes' ports before any of them binds, and two picks of one random port (a node's HTTP
 * port and another's cluster port) once failed a node's start with "Address already in use".
 */
public final class FreePorts {

  private static final int LOWEST = 20_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** A port that is free on 127.0.0.1 now and outside the ephemeral range. */
  public static int next() {
    int below = ephemeralStart();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (bindable(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("No free port between " + LOWEST + " and " + below + " on 127.0.0.1");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int ephemeralStart() {
    try {
      int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return Math.max(start, LOWEST + 1_000);
    } catch (IOException | RuntimeException unreadable) {
      return 32_768;
    }
  }
}
