package io.herald.client;

import io.herald.Herald;
import io.herald.config.ConfigKeys;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.Browser;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A third party's front end on a site of its own (another origin, listed in HERALD_ALLOWED_ORIGINS) loads
 * herald-client from Herald and gets notifications over both transports. Its REST calls would need CORS, which
 * Herald's API does not answer, so the client works over the socket alone.
 */
class HeraldClientCrossOriginTest {

  private static Vertx vertx;
  private static HttpServer frontEnd;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;
  private static Browser browser;

  @BeforeAll
  static void start() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
    vertx = Vertx.vertx();
    frontEnd = Await.await(vertx.createHttpServer().requestHandler(request -> request.response()
      .putHeader("Content-Type", "text/html; charset=utf-8").end("<!doctype html><title>Another site</title>"))
      .listen(0, "127.0.0.1"));
    herald = TestNode.start(vertx, TestNode.config().with(ConfigKeys.ALLOWED_ORIGINS, frontEndOrigin()));
    api = new ApiClient(vertx, herald.httpPort());
    admin = api.adminToken();
    browser = Browser.open(herald.httpPort());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (vertx != null) {
      api.close();
      Await.await(herald.stop());
      Await.await(vertx.close());
    }
  }

  private static String frontEndOrigin() {
    return "http://127.0.0.1:" + frontEnd.actualPort();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void aPageOfAnotherSiteLoadsTheModuleFromHeraldAndGetsNotifications(String transport) {
    TestUser user = api.newUser(admin, "porter");
    ClientPage page = ClientPage.openAt(browser, frontEndOrigin() + "/", "http://127.0.0.1:" + herald.httpPort(), false)
      .start(user, transport);
    page.awaitState("open");

    assertThat(api.notify(admin, user.id(), "Seen from another site").statusCode()).isEqualTo(201);

    browser.waitFor(d -> page.titles().contains("Seen from another site"));
    assertThat(page.await("window.__t.client.unreadCount()")).isEqualTo(1L);
    assertThat(page.script("return location.origin;")).isEqualTo(frontEndOrigin());
  }
}
