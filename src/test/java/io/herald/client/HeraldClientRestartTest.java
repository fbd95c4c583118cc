package io.herald.client;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.Browser;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumDriver;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Restarts the node under an open herald-client page and under the dashboard with WebSocket removed from the page
 * (SockJS then runs over xhr-streaming), and spends a user's resume budget: each test runs nodes of its own.
 */
class HeraldClientRestartTest {

  private static final Duration RESTART_PATIENCE = Duration.ofSeconds(30);

  private Vertx vertx;
  private Browser browser;
  private HeraldConfig config;
  private Herald node;

  @BeforeEach
  void start() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
    vertx = Vertx.vertx();
    config = TestNode.config();
    node = TestNode.start(vertx, config);
    browser = Browser.open(node.httpPort());
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      Await.await(node.stop());
    }
    if (vertx != null) {
      Await.await(vertx.close());
    }
  }

  private void notify(Herald herald, long userId, String title) {
    ApiClient api = new ApiClient(vertx, herald.httpPort());
    try {
      assertThat(api.notify(api.adminToken(), userId, title).statusCode()).isEqualTo(201);
    } finally {
      api.close();
    }
  }

  private TestUser newUser(String role) {
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      return api.newUser(api.adminToken(), role);
    } finally {
      api.close();
    }
  }

  /** Stops the node, makes a notification on another node while this port is down, and restarts on the same port. */
  private void restartWithANotificationMadeWhileDown(long userId, String title) {
    int port = node.httpPort();
    Await.await(node.stop());
    node = null;
    Herald elsewhere = TestNode.start(vertx, config);
    notify(elsewhere, userId, title);
    Await.await(elsewhere.stop());
    node = TestNode.start(vertx, config.with(Settings.HTTP_PORT.key(), port));
  }

  @Test
  void afterARestartTheClientResumesAndShowsWhatWasMadeWhileDownOnce() {
    TestUser user = newUser("student");
    ClientPage page = ClientPage.open(browser, node.httpPort(), false).start(user, "sockjs");
    page.awaitState("open");
    notify(node, user.id(), "Before the outage");
    browser.waitFor(d -> page.titles().contains("Before the outage"));

    restartWithANotificationMadeWhileDown(user.id(), "While the service was down");

    browser.waitFor(d -> page.titles().contains("While the service was down"), RESTART_PATIENCE);
    page.awaitState("open");
    notify(node, user.id(), "After the restart");
    browser.waitFor(d -> page.titles().contains("After the restart"));
    assertThat(page.titles()).containsExactly("Before the outage", "While the service was down", "After the restart");
    assertThat(page.states()).contains("reconnecting");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void overItsResumeBudgetTheClientStaysOpenAndReloadsTheInbox(String transport) {
    Await.await(node.stop());
    node = TestNode.start(vertx, config.with(Settings.WS_RESUME_BURST.key(), 1).with(Settings.WS_RESUMES_PER_MINUTE.key(), 1));
    TestUser user = newUser("student");
    ClientPage page = ClientPage.open(browser, node.httpPort(), false).start(user, transport);
    page.awaitState("open");

    page.script("window.__t.client.reconnect();");
    notify(node, user.id(), "Made while reconnecting");

    browser.waitFor(d -> page.titles().contains("Made while reconnecting"));
    page.awaitState("open");
    assertThat(page.count("Made while reconnecting")).isEqualTo(1);
  }

  @Test
  void withoutWebSocketTheDashboardShowsAComplaintLiveAndResumesAfterARestart() {
    ((ChromiumDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
      Map.of("source", "delete window.WebSocket;"));
    TestUser admin = newUser("admin");
    browser.login(admin.username(), "password-" + admin.username());
    assertThat(browser.script("return typeof window.WebSocket;")).isEqualTo("undefined");
    assertThat(browser.script("return window.__herald.transport();")).isIn("xhr-streaming", "eventsource", "xhr-polling");
    TestUser student = newUser("student");
    ApiClient api = new ApiClient(vertx, node.httpPort());
    long id = api.createComplaint(student.token(), "hostel-" + UUID.randomUUID().toString().substring(0, 8), "high").getLong("id");
    api.close();
    browser.waitFor(d -> browser.present("tr[data-id='" + id + "']") && browser.text("#toasts").contains("#" + id));

    restartWithANotificationMadeWhileDown(admin.id(), "While the dashboard was cut off");

    browser.waitFor(d -> "connected".equals(browser.script("return window.__herald.connection();")), RESTART_PATIENCE);
    browser.find("#bell").click();
    browser.waitFor(d -> shown("While the dashboard was cut off") == 1);
    assertThat(shown("While the dashboard was cut off")).isEqualTo(1);
  }

  private long shown(String text) {
    return browser.driver().findElements(By.cssSelector("#notification-list li")).stream()
      .filter(e -> e.getText().contains(text)).count();
  }
}
