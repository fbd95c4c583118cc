package io.herald.config;

import io.herald.Herald;
import io.herald.support.TestNode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A value a setting does not accept stops start-up with a message naming the key and what it accepts, never a secret. */
@ExtendWith(VertxExtension.class)
class BadSettingsTest {

  @TempDir
  Path dir;

  @Test
  void aPortOutOfRangeIsNamed(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_HTTP_PORT", 70_000));

    assertThat(failure).hasMessageContaining("HERALD_HTTP_PORT must be a whole number from 0 to 65535, not '70000'");
  }

  @Test
  void aNegativeTimeoutIsNamed(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_REQUEST_TIMEOUT_MS", "-5"));

    assertThat(failure).hasMessageContaining("HERALD_REQUEST_TIMEOUT_MS must be a whole number from 1 up, not '-5'");
  }

  @Test
  void aBooleanMustBeTrueOrFalse(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_CLUSTERED", "yes"));

    assertThat(failure).hasMessageContaining("HERALD_CLUSTERED must be true or false, not 'yes'");
  }

  @Test
  void aChoiceListsWhatItAccepts(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_SMTP_STARTTLS", "sometimes"));

    assertThat(failure).hasMessageContaining("HERALD_SMTP_STARTTLS must be one of disabled, optional, required, not 'sometimes'");
  }

  @Test
  void aMalformedListNamesTheBadEntry(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_TRUSTED_PROXIES", "10.0.0.1, balancer.local"));

    assertThat(failure).hasMessageContaining("HERALD_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges")
      .hasMessageContaining("balancer.local");
  }

  @Test
  void aTuningObjectAcceptsOnlyItsNamesAndWholeNumbers(Vertx vertx) {
    Throwable misspelt = startFailure(vertx, TestNode.config()
      .with("HERALD_TELEGRAM_TUNING", new JsonObject().put("send_intervall_ms", 5)));
    Throwable notANumber = startFailure(vertx, TestNode.config().with("HERALD_EMAIL_TUNING", "{\"batch\": \"many\"}"));
    Throwable notAnObject = startFailure(vertx, TestNode.config().with("HERALD_EMAIL_TUNING", "batch=5"));

    assertThat(misspelt).hasMessageContaining("HERALD_TELEGRAM_TUNING must be a JSON object of whole numbers")
      .hasMessageContaining("unknown name 'send_intervall_ms'");
    assertThat(notANumber).hasMessageContaining("HERALD_EMAIL_TUNING must be a JSON object of whole numbers")
      .hasMessageContaining("batch is not a whole number");
    assertThat(notAnObject).hasMessageContaining("HERALD_EMAIL_TUNING must be a JSON object of whole numbers");
  }

  @Test
  void aSecretsValueIsNeverInTheMessage(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_JWT_SECRET", "short-but-secret"));

    assertThat(failure).hasMessageContaining("HERALD_JWT_SECRET must be at least 32 characters")
      .hasMessageNotContaining("short-but-secret");
  }

  @Test
  void everyBadValueIsListedAtOnce(Vertx vertx) {
    Throwable failure = startFailure(vertx, TestNode.config().with("HERALD_HTTP_PORT", "eighty").with("HERALD_PG_POOL_SIZE", 0));

    assertThat(failure).hasMessageContaining("HERALD_HTTP_PORT").hasMessageContaining("HERALD_PG_POOL_SIZE");
  }

  /** Main loads the configuration this way: a bad value in the file fails the load. */
  @Test
  void aBadValueInTheFileFailsTheLoad(Vertx vertx) throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), "HERALD_WS_PING_INTERVAL_MS: 0\n");

    AsyncResult<HeraldConfig> loaded = HeraldConfig.load(vertx, file.toString()).transform(Future::succeededFuture).await();

    assertThat(loaded.failed()).as("load refused").isTrue();
    assertThat(loaded.cause()).hasMessageContaining("HERALD_WS_PING_INTERVAL_MS must be a whole number from 1 up, not '0'");
  }

  private static Throwable startFailure(Vertx vertx, HeraldConfig config) {
    AsyncResult<Herald> started = Herald.start(vertx, config).transform(Future::succeededFuture).await();
    if (started.succeeded()) {
      started.result().stop().await();
    }
    assertThat(started.failed()).as("start-up refused").isTrue();
    return started.cause();
  }
}
