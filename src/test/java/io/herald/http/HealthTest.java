package io.herald.http;

import io.herald.support.NodeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest extends NodeTest {


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
