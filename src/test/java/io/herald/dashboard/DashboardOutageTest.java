package io.herald.dashboard;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.Browser;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Stops and restarts the node under an open dashboard; a node of its own, since the test takes it down. */
class DashboardOutageTest {

  private static final Duration RESTART_PATIENCE = Duration.ofSeconds(30);

  private static Vertx vertx;
  private static Browser browser;

  @BeforeAll
  static void start() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (vertx != null) {
      Await.await(vertx.close());
    }
  }

  private static void notify(Herald node, long userId, String title) {
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      assertThat(api.post("/api/v1/notifications", api.adminToken(), new JsonObject()
        .put("user_ids", new JsonArray().add(userId)).put("title", title).put("message", "body of " + title))
        .statusCode()).isEqualTo(201);
    } finally {
      api.close();
    }
  }

  private static long shown(String css, String text) {
    return browser.driver().findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(text)).count();
  }

  @Test
  void afterARestartTheDashboardReconnectsAndShowsTheMissedNotificationOnce() {
    HeraldConfig config = TestNode.config();
    Herald first = TestNode.start(vertx, config);
    HeraldConfig samePort = config.with(Settings.HTTP_PORT.key(), first.httpPort());
    ApiClient api = new ApiClient(vertx, first.httpPort());
    TestUser porter = api.newUser(api.adminToken(), "porter");
    api.close();
    browser = Browser.open(first.httpPort());
    browser.login(porter.username(), "password-" + porter.username());
    notify(first, porter.id(), "Before the outage");
    browser.waitFor(d -> "1".equals(browser.find("#unread-badge").getText()));

    Await.await(first.stop());
    browser.awaitConnection("reconnecting");
    Herald elsewhere = TestNode.start(vertx, config);
    notify(elsewhere, porter.id(), "While the service was down");
    Await.await(elsewhere.stop());
    Herald second = TestNode.start(vertx, samePort);
    try {
      browser.waitFor(d -> "connected".equals(browser.script("return window.__herald.connection();")), RESTART_PATIENCE);
      browser.find("#bell").click();
      browser.waitFor(d -> shown("#notification-list li", "While the service was down") == 1);

      assertThat(shown("#notification-list li", "While the service was down")).isEqualTo(1);
      assertThat(shown("#notification-list li", "Before the outage")).isEqualTo(1);
      assertThat(shown("#toasts .toast", "While the service was down")).isLessThanOrEqualTo(1);
      assertThat(browser.find("#unread-badge").getText()).isEqualTo("2");
    } finally {
      Await.await(second.stop());
    }
  }
}
