package io.herald.config;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class ConfigTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Settings.JWT_ACCESS_MINUTES.key());
    System.clearProperty(Settings.PUBLIC_URL.key());
  }

  @Test
  void fileValuesAreRead(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_HTTP_PORT: 9123\nJWT_ACCESS_MINUTES: 15\n");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.get(Settings.HTTP_PORT)).isEqualTo(9123);
    assertThat(config.get(Settings.JWT_ACCESS_MINUTES)).isEqualTo(15);
  }

  @Test
  void systemPropertyWinsOverTheFile(Vertx vertx) throws IOException {
    Path file = yaml("JWT_ACCESS_MINUTES: 15\n");
    System.setProperty(Settings.JWT_ACCESS_MINUTES.key(), "7");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.get(Settings.JWT_ACCESS_MINUTES)).isEqualTo(7);
  }

  /** The build sets this variable for the test JVM (see the surefire configuration in pom.xml). */
  @Test
  void environmentWinsOverTheFile(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_PUBLIC_URL: http://from-the-file.test\n");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.get(Settings.PUBLIC_URL)).isEqualTo("http://from-the-environment.test");
  }

  @Test
  void systemPropertyWinsOverTheEnvironment(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_PUBLIC_URL: http://from-the-file.test\n");
    System.setProperty(Settings.PUBLIC_URL.key(), "http://from-a-property.test");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.get(Settings.PUBLIC_URL)).isEqualTo("http://from-a-property.test");
  }

  @Test
  void missingFileFallsBackToDefaults(Vertx vertx) {
    HeraldConfig config = HeraldConfig.load(vertx, dir.resolve("absent.yaml").toString()).await();

    assertThat(config.get(Settings.HTTP_PORT)).isEqualTo(
      System.getenv(Settings.HTTP_PORT.key()) == null ? 8080 : Integer.parseInt(System.getenv(Settings.HTTP_PORT.key())));
  }

  @Test
  void nonNumericNumberIsAClearError() {
    HeraldConfig config = new HeraldConfig(new io.vertx.core.json.JsonObject().put(Settings.HTTP_PORT.key(), "eighty"));

    assertThatThrownBy(() -> config.get(Settings.HTTP_PORT))
      .hasMessage("Configuration HERALD_HTTP_PORT must be a whole number from 0 to 65535, not 'eighty'");
  }

  private Path yaml(String content) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), content);
  }
}
