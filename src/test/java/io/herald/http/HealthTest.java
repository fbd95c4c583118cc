package io.herald.http;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class HealthTest {

  private static Herald node;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    node = TestNode.start(vertx);
    api = new ApiClient(vertx, node.httpPort());
  }

  @AfterAll
  static void stop() {
    node.stop().await();
  }

  @Test
  void livenessIsUpWithoutAToken() {
    HttpResponse<Buffer> response = api.get("/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void readinessIsUpWhenTheDatabaseAnswers() {
    HttpResponse<Buffer> response = api.get("/health/ready", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void openApiDocumentIsServed() {
    HttpResponse<Buffer> response = api.get("/openapi.yaml", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).startsWith("openapi: 3.1.0").contains("operationId: listComplaints");
  }
}
