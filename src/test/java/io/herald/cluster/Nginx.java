package io.herald.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Debian's nginx running the shipped {@code conf/nginx.conf}, with only its listen port and its upstream servers
 * replaced by the test cluster's, on 127.0.0.1. Closing it stops the process.
 */
final class Nginx implements AutoCloseable {

  static final Path SHIPPED = Path.of("conf", "nginx.conf");
  private static final Path BINARY = Path.of("/usr/sbin/nginx");
  private static final Pattern NODES = Pattern.compile("(?s)(# nodes: begin\\n)(.*?)(\\n\\s*# nodes: end)");
  private static final Pattern SERVER_PARAMETERS = Pattern.compile("server \\S+ ([^;]*);");

  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static Nginx start(List<Integer> nodePorts, Path directory) {
    int port = LocalCluster.freePort();
    try {
      Path conf = directory.resolve("nginx.conf");
      Files.writeString(conf, configuration(Files.readString(SHIPPED), nodePorts, port));
      Process process = new ProcessBuilder(BINARY.toString(), "-p", directory.toAbsolutePath().toString(),
        "-c", conf.toAbsolutePath().toString(), "-e", directory.resolve("error.log").toAbsolutePath().toString(),
        "-g", "daemon off; pid " + directory.resolve("nginx.pid").toAbsolutePath() + ";")
        .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
      Nginx nginx = new Nginx(process, port);
      nginx.awaitListening(directory);
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped configuration with the test's listen address and node addresses, and nothing else changed. */
  static String configuration(String shipped, List<Integer> nodePorts, int port) {
    Matcher nodes = NODES.matcher(shipped);
    if (!nodes.find()) {
      throw new AssertionError("conf/nginx.conf has no '# nodes: begin' ... '# nodes: end' block");
    }
    Matcher parameters = SERVER_PARAMETERS.matcher(nodes.group(2));
    if (!parameters.find()) {
      throw new AssertionError("conf/nginx.conf lists no server between the node markers");
    }
    String indent = nodes.group(2).substring(0, nodes.group(2).indexOf("server"));
    String servers = nodePorts.stream().map(node -> indent + "server 127.0.0.1:" + node + " " + parameters.group(1) + ";")
      .collect(Collectors.joining("\n"));
    String configured = shipped.substring(0, nodes.start(2)) + servers + shipped.substring(nodes.end(2));
    if (!configured.contains("listen 80;")) {
      throw new AssertionError("conf/nginx.conf does not listen on 80");
    }
    return configured.replace("listen 80;", "listen 127.0.0.1:" + port + ";");
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening(Path directory) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new AssertionError("nginx did not start; see " + directory.resolve("nginx.out") + " and error.log");
        }
      }
      LocalCluster.sleep(100);
    }
  }
}
