package io.herald.client;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.BusRequests;
import io.herald.support.Browser;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.herald.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.WindowType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * herald-client in headless Chromium against a running node, over the SockJS bridge and the raw protocol, from
 * Herald's own origin and from a page of another site (a small server of its own, listed in HERALD_ALLOWED_ORIGINS).
 */
class HeraldClientBrowserTest {

  private static final long SHORT_TOKEN_SECONDS = 5;
  /** Herald replays at most 5,000 missed rows, then answers complete:false. */
  private static final int MISSED_BEYOND_THE_REPLAY_CAP = 5_050;

  private static Vertx vertx;
  private static HttpServer otherSite;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;
  private static Browser browser;

  @BeforeAll
  static void start() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
    vertx = Vertx.vertx();
    otherSite = Await.await(vertx.createHttpServer().requestHandler(request -> request.response()
      .putHeader("Content-Type", "text/html; charset=utf-8").end("<!doctype html><title>Another site</title>"))
      .listen(0, "127.0.0.1"));
    herald = TestNode.start(vertx, TestNode.config().with(Settings.WS_PING_INTERVAL_MS.key(), 1000)
      .with(Settings.ALLOWED_ORIGINS.key(), otherSiteOrigin()));
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

  @AfterEach
  void leavePage() {
    browser.driver().get("about:blank");
  }

  private static String otherSiteOrigin() {
    return "http://127.0.0.1:" + otherSite.actualPort();
  }

  private static void notify(TestUser user, String title) {
    assertThat(api.notify(admin, user.id(), title).statusCode()).isEqualTo(201);
  }

  private static ClientPage page(boolean withoutWebSocket) {
    return ClientPage.open(browser, herald.httpPort(), withoutWebSocket);
  }

  private static int liveConnections() {
    return api.get("/api/v1/websocket/stats", admin).bodyAsJsonObject().getInteger("connections");
  }

  /** Over the bridge with WebSocket, over the bridge with WebSocket removed from the page, over the raw protocol. */
  @ParameterizedTest(name = "{0}, WebSocket removed: {1}")
  @CsvSource({"sockjs, false, websocket", "sockjs, true, xhr-streaming|eventsource|xhr-polling", "websocket, false, raw-websocket"})
  void aNotificationMadeOverRestArrivesOnceAndReadStateRoundTrips(String transport, boolean withoutWebSocket, String expected) {
    TestUser user = api.newUser(admin, "student");
    ClientPage page = page(withoutWebSocket).start(user, transport);
    page.awaitState("open");

    notify(user, "Water off at noon");

    browser.waitFor(d -> page.titles().contains("Water off at noon"));
    long id = ((Number) page.script("return window.__t.events.find((e) => e.type === 'notification').id;")).longValue();
    assertThat(page.await("window.__t.client.unreadCount()")).isEqualTo(1L);
    page.await("window.__t.client.markRead(" + id + ")");
    browser.waitFor(d -> page.last("notification_update") != null && Long.valueOf(0).equals(page.last("unread_count").get("count")));
    assertThat(page.last("notification_update")).containsEntry("id", id).containsEntry("status", "read");
    assertThat(page.await("window.__t.client.unreadCount()")).isEqualTo(0L);
    assertThat(page.titles()).containsExactly("Water off at noon");
    assertThat(page.script("return window.__t.client.transport;")).isIn((Object[]) expected.split("\\|"));
    assertThat((List<?>) page.script("return window.__t.client.subscriptions;")).first().isEqualTo("notifications.user." + user.id());
  }

  /** Its REST calls would need CORS, which Herald's API does not answer: the client works over the socket alone. */
  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void aPageOfAnotherSiteLoadsTheModuleFromHeraldAndGetsNotifications(String transport) {
    TestUser user = api.newUser(admin, "porter");
    ClientPage page = ClientPage.openAt(browser, otherSiteOrigin() + "/", "http://127.0.0.1:" + herald.httpPort(), false)
      .start(user, transport);
    page.awaitState("open");

    notify(user, "Seen from another site");

    browser.waitFor(d -> page.titles().contains("Seen from another site"));
    assertThat(page.await("window.__t.client.unreadCount()")).isEqualTo(1L);
    assertThat(page.script("return location.origin;")).isEqualTo(otherSiteOrigin());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void aTokenAboutToExpireIsRefreshedAndTheConnectionOutlivesIt(String transport) {
    TestUser user = api.newUser(admin, "student");
    long expiresAt = Tokens.inSeconds(SHORT_TOKEN_SECONDS);
    String shortLived = Tokens.hs256(Tokens.claims(user.id(), "student", expiresAt), TestNode.JWT_SECRET);
    ClientPage page = page(false).start(user, transport, List.of(shortLived), true);
    page.awaitState("open");

    browser.waitFor(d -> ((Number) page.script("return window.__t.tokenCalls();")).intValue() >= 2);
    Await.until("the first token expired a while ago", () -> System.currentTimeMillis() > expiresAt * 1000 + 2_500);
    notify(user, "After the first token expired");

    browser.waitFor(d -> page.titles().contains("After the first token expired"));
    assertThat(page.states()).containsExactly("connecting", "open");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void aUserDisabledWhileConnectedEndsClosedWith4403AndDoesNotReconnect(String transport) {
    TestUser user = api.newUser(admin, "student");
    ClientPage page = page(false).start(user, transport);
    page.awaitState("open");

    assertThat(api.updateUser(admin, user.id(), new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);

    page.awaitState("closed");
    assertThat(page.last("state")).containsEntry("code", 4403L);
    assertThat(page.states()).containsExactly("connecting", "open", "closed");
  }

  @Test
  void aForgedTokenIsNeverOpenAndItsRetriesBackOff() {
    TestUser user = api.newUser(admin, "student");
    String forged = Tokens.hs256(Tokens.claims(user.id(), "student", Tokens.inSeconds(3600)), "another-secret-that-is-long-enough-for-hs256-000");
    ClientPage page = page(false).start(user, "sockjs", List.of(forged), false);

    browser.waitFor(d -> ((Number) page.last("state").getOrDefault("attempt", 0L)).intValue() >= 3);

    assertThat(page.states()).doesNotContain("open");
  }

  @Test
  void twoTabsShareOneConnectionAndTheSecondTakesOverWhenTheFirstCloses() {
    TestUser user = api.newUser(admin, "porter");
    String first = browser.driver().getWindowHandle();
    ClientPage one = page(false).start(user, "sockjs");
    one.awaitState("open");
    browser.driver().switchTo().newWindow(WindowType.TAB);
    String second = browser.driver().getWindowHandle();
    ClientPage two = page(false).start(user, "sockjs");
    two.awaitState("open");

    notify(user, "Both tabs");
    browser.waitFor(d -> two.count("Both tabs") == 1);
    assertThat(two.script("return window.__t.client.isLeader;")).isEqualTo(false);
    Await.until("one connection for two tabs", () -> liveConnections() == 1);
    two.await("window.__t.client.markAllRead()");
    browser.waitFor(d -> "all_read".equals(two.last("notification_update").get("status")));
    browser.driver().switchTo().window(first);
    assertThat(one.count("Both tabs")).isEqualTo(1);
    browser.waitFor(d -> "all_read".equals(one.last("notification_update").get("status")));

    browser.driver().close();
    browser.driver().switchTo().window(second);
    browser.waitFor(d -> Boolean.TRUE.equals(two.script("return window.__t.client.isLeader;")));
    two.awaitState("open");
    notify(user, "Only the second tab is left");

    browser.waitFor(d -> two.count("Only the second tab is left") == 1);
    assertThat(two.count("Both tabs")).isEqualTo(1);
    Await.until("still one connection", () -> liveConnections() == 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void anIncompleteResumeReloadsTheInboxAndShowsEveryMissedNotificationOnce(String transport) {
    TestUser user = api.newUser(admin, "porter");
    notify(user, "Seen before");
    long seen = api.get("/api/v1/notifications?limit=1", user.token()).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("id");
    try (TestSql sql = new TestSql(vertx)) {
      sql.update("INSERT INTO notifications (user_id, type, title, message) SELECT $1, 'system', 'missed ' || g, 'm'"
        + " FROM generate_series(1, $2) g", user.id(), MISSED_BEYOND_THE_REPLAY_CAP);
    }
    ClientPage page = page(false);
    page.script("localStorage.setItem('herald-client.last-id:' + location.origin + ':' + arguments[0], String(arguments[1]));", user.id(), seen);

    page.start(user, transport);

    browser.waitFor(d -> page.titles().size() >= MISSED_BEYOND_THE_REPLAY_CAP, Duration.ofSeconds(30));
    assertThat(page.titles()).doesNotHaveDuplicates().hasSize(MISSED_BEYOND_THE_REPLAY_CAP)
      .contains("missed 1", "missed " + MISSED_BEYOND_THE_REPLAY_CAP).doesNotContain("Seen before");
    long unread = MISSED_BEYOND_THE_REPLAY_CAP + 1;
    browser.waitFor(d -> Long.valueOf(unread).equals(page.last("unread_count").get("count")));
  }

  /** A gap in the live stream that the server cannot fill (its database away): the client reloads and skips nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void aGapTheServerCannotFillIsReloadedWithoutSkippingTheMissedNotification(String transport) {
    TestUser user = api.newUser(admin, "porter");
    ClientPage page = page(false).start(user, transport);
    page.awaitState("open");

    BusRequests.failingWhile(vertx.eventBus(), Addresses.NOTIFICATIONS_REPLAY, () -> {
      try (TestSql sql = new TestSql(vertx)) {
        sql.update("INSERT INTO notifications (user_id, type, title, message) VALUES ($1, 'system', 'Never published', 'm')",
          user.id());
      }
      notify(user, "After the gap");
      browser.waitFor(d -> page.titles().contains("After the gap"));
    });

    browser.waitFor(d -> page.titles().contains("Never published"));
    assertThat(page.titles()).containsExactlyInAnyOrder("Never published", "After the gap");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sockjs", "websocket"})
  void closeStopsEveryTimerListenerAndConnection(String transport) {
    TestUser user = api.newUser(admin, "admin");
    ClientPage page = page(false).start(user, transport, List.of(), true);
    page.awaitState("open");
    notify(user, "Before close");
    browser.waitFor(d -> page.titles().contains("Before close"));
    assertThat(((Number) page.script("return window.__t.listeners();")).intValue()).isPositive();

    page.script("window.__t.client.close();");

    browser.waitFor(d -> Map.of("timeouts", 0L, "intervals", 0L).equals(page.script("return window.__t.timers();")));
    assertThat(page.script("return window.__t.listeners();")).isEqualTo(0L);
    assertThat(page.states()).last().isEqualTo("closed");
    Await.until("the server sees the connection go", () -> liveConnections() == 0);
  }
}
