package io.herald.client;

import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** herald-client is served by every node, and pages of other sites may load it as an ES module (a CORS fetch). */
class ClientLibraryFilesTest extends NodeTest {

  private static HttpResponse<Buffer> fetchFromAnotherSite(String path) {
    WebClient client = WebClient.create(vertx);
    try {
      return Await.await(client.get(node.httpPort(), "127.0.0.1", path).putHeader("Origin", "https://frontend.example").send());
    } finally {
      client.close();
    }
  }

  @Test
  void theModuleIsServedToAnyOriginAsJavaScript() {
    HttpResponse<Buffer> module = fetchFromAnotherSite("/client/herald-client.js");

    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.getHeader("Content-Type")).containsAnyOf("application/javascript", "text/javascript");
    assertThat(module.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(module.bodyAsString()).contains("export function createHeraldClient(");
  }

  @Test
  void itsTypesAndPackageJsonAreServedBesideIt() {
    HttpResponse<Buffer> types = fetchFromAnotherSite("/client/herald-client.d.ts");
    HttpResponse<Buffer> manifest = fetchFromAnotherSite("/client/package.json");

    assertThat(types.statusCode()).isEqualTo(200);
    assertThat(types.bodyAsString()).contains("export function createHeraldClient(options: HeraldClientOptions): HeraldClient;");
    assertThat(manifest.bodyAsJsonObject().getString("name")).isEqualTo("herald-client");
    assertThat(manifest.bodyAsJsonObject().getString("types")).isEqualTo("herald-client.d.ts");
  }

  @Test
  void theDashboardFilesStaySameOriginOnly() {
    assertThat(fetchFromAnotherSite("/js/app.js").getHeader("Access-Control-Allow-Origin")).isNull();
  }
}
