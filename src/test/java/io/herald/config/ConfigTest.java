package io.herald.config;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
    System.clearProperty(ConfigKeys.JWT_ACCESS_MINUTES);
    System.clearProperty(ConfigKeys.PUBLIC_URL);
  }

  @Test
  void fileValuesAreRead(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_HTTP_PORT: 9123\nJWT_ACCESS_MINUTES: 15\n");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.integer(ConfigKeys.HTTP_PORT, 8080)).isEqualTo(9123);
    assertThat(config.integer(ConfigKeys.JWT_ACCESS_MINUTES, 60)).isEqualTo(15);
  }

  @Test
  void systemPropertyWinsOverTheFile(Vertx vertx) throws IOException {
    Path file = yaml("JWT_ACCESS_MINUTES: 15\n");
    System.setProperty(ConfigKeys.JWT_ACCESS_MINUTES, "7");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.integer(ConfigKeys.JWT_ACCESS_MINUTES, 60)).isEqualTo(7);
  }

  /** The build sets this variable for the test JVM (see the surefire configuration in pom.xml). */
  @Test
  void environmentWinsOverTheFile(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_PUBLIC_URL: http://from-the-file.test\n");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.string(ConfigKeys.PUBLIC_URL, null)).isEqualTo("http://from-the-environment.test");
  }

  @Test
  void systemPropertyWinsOverTheEnvironment(Vertx vertx) throws IOException {
    Path file = yaml("HERALD_PUBLIC_URL: http://from-the-file.test\n");
    System.setProperty(ConfigKeys.PUBLIC_URL, "http://from-a-property.test");

    HeraldConfig config = HeraldConfig.load(vertx, file.toString()).await();

    assertThat(config.string(ConfigKeys.PUBLIC_URL, null)).isEqualTo("http://from-a-property.test");
  }

  @Test
  void missingFileFallsBackToDefaults(Vertx vertx) {
    HeraldConfig config = HeraldConfig.load(vertx, dir.resolve("absent.yaml").toString()).await();

    assertThat(config.integer(ConfigKeys.HTTP_PORT, 8080)).isEqualTo(
      System.getenv(ConfigKeys.HTTP_PORT) == null ? 8080 : Integer.parseInt(System.getenv(ConfigKeys.HTTP_PORT)));
  }

  @Test
  void nonNumericNumberIsAClearError() {
    HeraldConfig config = new HeraldConfig(new io.vertx.core.json.JsonObject().put(ConfigKeys.HTTP_PORT, "eighty"));

    assertThatThrownBy(() -> config.integer(ConfigKeys.HTTP_PORT, 8080))
      .hasMessageContaining(ConfigKeys.HTTP_PORT).hasMessageContaining("eighty");
  }

  private Path yaml(String content) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), content);
  }
}
