package io.herald.config;

import io.herald.support.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings logback reads itself are checked as logback reads them, before anything starts: logback would take an
 * unknown format for "no appender" (a node that logs nothing) and an unknown level for DEBUG.
 */
class LogbackSettingsTest {

  @TempDir
  Path dir;

  @Test
  void unsetAndKnownValuesPass() {
    assertThat(LogbackSettings.problems(Map.of(), new Properties())).isEmpty();
    assertThat(LogbackSettings.problems(
      Map.of("HERALD_LOG_FORMAT", "json", "HERALD_LOG_LEVEL", "debug", "HERALD_CLUSTER_LOG_LEVEL", "Warn"), new Properties()))
      .isEmpty();
  }

  @Test
  void aFormatLogbackHasNoAppenderForIsRefused() {
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_FORMAT", "xml"), new Properties()))
      .containsExactly("Configuration HERALD_LOG_FORMAT must be one of text, json (in lower case), not 'xml'");
    // logback's appender names are case-sensitive: JSON names no appender either
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_FORMAT", "JSON"), new Properties())).hasSize(1);
  }

  @Test
  void anEmptyOrPaddedValueIsRefusedRatherThanTakenForUnset() {
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_FORMAT", ""), new Properties()))
      .singleElement().asString().contains("HERALD_LOG_FORMAT", "without spaces", "unset it for the default");
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_LEVEL", " info"), new Properties())).hasSize(1);
  }

  @Test
  void anUnknownLevelIsRefusedForEachSetting() {
    List<String> problems = LogbackSettings.problems(
      Map.of("HERALD_LOG_LEVEL", "verbose", "HERALD_CLUSTER_LOG_LEVEL", "quiet"), new Properties());

    assertThat(problems).containsExactly(
      "Configuration HERALD_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, ALL (in any case), not 'verbose'",
      "Configuration HERALD_CLUSTER_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, ALL (in any case), not 'quiet'");
  }

  @Test
  void aSystemPropertyWinsOverTheEnvironmentAsInLogback() {
    Properties system = new Properties();
    system.setProperty("HERALD_LOG_FORMAT", "json");
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_FORMAT", "xml"), system)).isEmpty();

    system.setProperty("HERALD_LOG_FORMAT", "yaml");
    assertThat(LogbackSettings.problems(Map.of("HERALD_LOG_FORMAT", "json"), system)).singleElement().asString()
      .contains("not 'yaml'");
  }

  /** The launcher itself: a node asked for a log format logback does not have stops at once, saying why on stderr. */
  @Test
  void theLauncherRefusesToStartWithAnUnknownLogFormat() throws Exception {
    Path output = dir.resolve("node.log");
    ProcessBuilder builder = new ProcessBuilder(TestJvm.javaBinary(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
      "-cp", TestJvm.classpath(), "io.herald.Main");
    builder.environment().keySet().removeIf(key -> key.startsWith("HERALD_") || key.startsWith("TELEGRAM_") || key.startsWith("JWT_"));
    builder.environment().putAll(Map.of("HERALD_LOG_FORMAT", "xml", "HERALD_DATA_DIR", dir.resolve("data").toString(),
      "HERALD_HTTP_HOST", "127.0.0.1", "HERALD_HTTP_PORT", "0", "HERALD_CONFIG", dir.resolve("none.yaml").toString()));
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    Process node = builder.start();
    try {
      boolean exited = node.waitFor(60, TimeUnit.SECONDS);

      assertThat(exited).as("the node exits by itself").isTrue();
      assertThat(node.exitValue()).isEqualTo(1);
      assertThat(Files.readString(output))
        .contains("Bad configuration: Configuration HERALD_LOG_FORMAT must be one of text, json (in lower case), not 'xml'");
      assertThat(dir.resolve("data")).as("nothing was started").doesNotExist();
    } finally {
      stop(node);
    }
  }

  private static void stop(Process node) throws InterruptedException {
    if (node.isAlive()) {
      node.destroy(); // its shutdown hook stops the embedded PostgreSQL it may have started
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }
}
