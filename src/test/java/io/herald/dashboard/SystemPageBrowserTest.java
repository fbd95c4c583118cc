package io.herald.dashboard;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BrowserNode;
import io.herald.support.BrowserNodeTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The admins' System page in headless Chromium: the numbers it shows are the ones the API gives. */
class SystemPageBrowserTest extends BrowserNodeTest {

  @BeforeAll
  static void start() {
    use(BrowserNode.start());
  }

  private static JsonObject summary() {
    return api.get("/metrics/summary", rootAdmin).bodyAsJsonObject();
  }

  @Test
  void theSystemPageShowsTheNumbersOfTheApi() {
    TestUser admin = signIn("admin");
    assertThat(api.notify(rootAdmin, admin.id(), "for the latency").statusCode()).isEqualTo(201);
    Await.until("the notification is pushed", () -> summary().getJsonObject("push_latency_ms").getLong("count") >= 1);

    browser.script("location.hash = '#/system';");

    browser.waitFor(d -> browser.present("#system-written"));
    browser.waitFor(d -> {
      JsonObject numbers = summary();
      JsonObject stats = api.get("/api/v1/websocket/stats", rootAdmin).bodyAsJsonObject();
      return shows("#system-written", numbers.getLong("notifications_written"))
        && shows("#system-pushed", numbers.getLong("notifications_pushed"))
        && shows("#system-p50", numbers.getJsonObject("push_latency_ms").getDouble("p50"))
        && shows("#system-p99", numbers.getJsonObject("push_latency_ms").getDouble("p99"))
        && shows("#system-outbox-depth", numbers.getJsonObject("outbox").getLong("depth"))
        && shows("#system-telegram-sent", numbers.getJsonObject("telegram").getLong("sent"))
        && shows("#system-connections", stats.getInteger("connections"))
        && shows("#system-users", stats.getInteger("users"));
    }, Duration.ofSeconds(30));
    assertThat(Long.parseLong(browser.text("#system-written"))).isPositive();
    assertThat(Integer.parseInt(browser.text("#system-connections"))).as("the page's own connection").isPositive();
    browser.waitFor(d -> browser.present("#chart-connections canvas") && browser.present("#chart-notifications canvas"));
    browser.screenshot("system.png");
  }

  /** The page shows this number (a page refresh comes every few seconds, so a changed number shows up soon). */
  private static boolean shows(String css, Number expected) {
    return Double.parseDouble(browser.text(css)) == expected.doubleValue();
  }

  @Test
  void theSystemPageSpeaksGreek() {
    signIn("admin");
    browser.script("location.hash = '#/system';");
    browser.waitFor(d -> browser.present("#system-nodes h2"));

    browser.find(".topbar .lang-toggle").click();

    browser.waitFor(d -> browser.text("#system-nodes h2").equals("Κόμβοι"));
    browser.find(".topbar .lang-toggle").click();
    browser.waitFor(d -> browser.text("#system-nodes h2").equals("Nodes"));
  }

  @Test
  void onlyAdminsReadTheSummary() {
    TestUser porter = api.newUser(rootAdmin, "porter");
    assertThat(api.get("/metrics/summary", porter.token()).statusCode()).isEqualTo(403);
    assertThat(api.get("/metrics/summary", null).statusCode()).isEqualTo(401);
  }
}
