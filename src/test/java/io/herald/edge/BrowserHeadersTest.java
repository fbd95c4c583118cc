package io.herald.edge;

import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard and the API answer with the browser-hardening headers; no file is cached as if it never changed. */
class BrowserHeadersTest extends NodeTest {

  @Test
  void theDashboardPageHasAPolicyWithoutInlineScriptOrFraming() {
    HttpResponse<Buffer> page = api.get("/index.html", null);
    assertThat(page.statusCode()).isEqualTo(200);
    String policy = page.getHeader("Content-Security-Policy");
    assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
      .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.getHeader("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
  }

  @Test
  void dashboardFilesAreRevalidatedNotCachedForADay() {
    for (String file : new String[] {"/", "/index.html", "/js/app.js", "/css/app.css"}) {
      HttpResponse<Buffer> response = api.get(file, null);
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.getHeader("Cache-Control")).as(file).isEqualTo("no-cache");
      assertThat(response.getHeader("Last-Modified")).as(file).isNotBlank();
    }
  }

  @Test
  void anUnchangedFileIsAnswered304OnRevalidation() {
    HttpResponse<Buffer> first = api.get("/js/app.js", null);
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> again = Await.await(client.get(node.httpPort(), "127.0.0.1", "/js/app.js")
      .putHeader("If-Modified-Since", first.getHeader("Last-Modified")).send());
    client.close();
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void apiAnswersAreNotStoredAndNotSniffed() {
    HttpResponse<Buffer> response = api.get("/api/v1/auth/me", admin);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }
}
