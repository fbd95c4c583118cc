package io.herald.cluster;

import io.herald.support.TestNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusteredStartupTest {

  @Test
  void aClusteredNodeWithoutAnExternalDatabaseRefusesToStartAndSaysWhy() throws IOException {
    Path log = TestNode.tempDir().resolve("node.log");
    NodeProcess node = new NodeProcess("lonely", Map.of("HERALD_CLUSTERED", "true", "HERALD_HTTP_HOST", "127.0.0.1",
      "HERALD_HTTP_PORT", Integer.toString(LocalCluster.freePort()), "HERALD_DATA_DIR", TestNode.tempDir().toString()), log);
    node.start();
    try {
      assertThat(node.awaitExit(60)).as("exit code").isEqualTo(1);
      assertThat(Files.readString(log)).contains("HERALD_CLUSTERED=true needs the external PostgreSQL")
        .doesNotContain("Joining cluster");
    } finally {
      node.kill();
    }
  }
}
