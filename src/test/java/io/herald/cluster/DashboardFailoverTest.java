package io.herald.cluster;

import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.Browser;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in headless Chromium, opened through nginx (the shipped conf/nginx.conf) in front of two nodes: when
 * the node that holds its socket is killed ({@code kill -9}), the page reconnects through nginx to the other node and
 * shows what was made during the outage and after it, each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardFailoverTest {

  private static final Duration RECONNECT = Duration.ofSeconds(30);

  private Vertx vertx;
  private LocalCluster cluster;
  private Nginx nginx;
  private Browser browser;

  @BeforeAll
  void start() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
    assumeTrue(Nginx.installed(), "nginx is not installed (.ci/run installs Debian's package)");
    vertx = Vertx.vertx();
    cluster = new LocalCluster(vertx, 2, Map.of()).start();
    nginx = Nginx.start(cluster.ports(), cluster.logs());
    browser = Browser.open(nginx.port());
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void killingTheNodeThatHoldsTheDashboardsSocketLosesAndDoublesNothingThroughNginx() {
    ApiClient first = new ApiClient(vertx, cluster.port(1));
    String root = first.adminToken();
    TestUser admin = first.newUser(root, "admin");
    TestUser student = first.newUser(root, "student");
    String hostel = "hostel-" + UUID.randomUUID().toString().substring(0, 8);
    first.close();
    browser.login(admin.username(), "password-" + admin.username());
    showOnly(hostel);
    recordConnectionStates();
    Await.until("the dashboard's socket on one node", () -> cluster.socketsOn(1) + cluster.socketsOn(2) == 1);
    int holder = cluster.socketsOn(1) == 1 ? 1 : 2;
    ApiClient survivor = new ApiClient(vertx, cluster.port(3 - holder));
    try {
      long before = survivor.createComplaint(student.token(), hostel, "high").getLong("id");
      browser.waitFor(d -> row(before) && inCentre("#" + before) == 1);

      cluster.node(holder).kill();
      long duringOutage = survivor.createComplaint(student.token(), hostel, "high").getLong("id");
      notify(survivor, root, admin, "During the outage");
      browser.waitFor(d -> states().contains("reconnecting"), RECONNECT);
      browser.waitFor(d -> states().lastIndexOf("connected") > states().indexOf("reconnecting"), RECONNECT);
      long after = survivor.createComplaint(student.token(), hostel, "high").getLong("id");
      notify(survivor, root, admin, "After the kill");

      browser.waitFor(d -> inCentre("After the kill") == 1 && inCentre("#" + after) == 1
        && row(after) && row(duringOutage) && row(before), RECONNECT);
      assertThat(cluster.socketsOn(3 - holder)).as("the dashboard's socket, now on the surviving node").isEqualTo(1);
      assertThat(inCentre("During the outage")).as("the notification made during the outage, once").isEqualTo(1);
      for (long id : List.of(before, duringOutage, after)) {
        assertThat(inCentre("#" + id)).as("the notification about complaint #" + id + ", once").isEqualTo(1);
      }
      assertThat(browser.driver().findElements(By.cssSelector("#complaint-rows tr.complaint"))).as("the complaint list")
        .extracting(tr -> Long.parseLong(tr.getAttribute("data-id"))).containsExactly(after, duringOutage, before);
      assertThat(browser.text("#unread-badge")).as("unread: three complaints and two notices").isEqualTo("5");
    } finally {
      survivor.close();
    }
  }

  /** Filters the complaint list to one hostel, so that complaints of other tests in the same database stay out. */
  private void showOnly(String hostel) {
    browser.waitFor(d -> browser.present("#f-hostel"));
    browser.find("#f-hostel").sendKeys(hostel);
    browser.find("#apply-filters").click();
    browser.waitFor(d -> browser.present("#complaint-rows tr.empty"));
  }

  /** Every state the connection indicator takes from now on, in order, kept in the page. */
  private void recordConnectionStates() {
    browser.script("window.__states = [];"
      + "const indicator = document.getElementById('connection');"
      + "new MutationObserver(() => window.__states.push(indicator.dataset.state))"
      + ".observe(indicator, { attributes: true, attributeFilter: ['data-state'] });");
  }

  @SuppressWarnings("unchecked")
  private List<String> states() {
    return (List<String>) browser.script("return window.__states;");
  }

  private boolean row(long id) {
    return browser.present("#complaint-rows tr[data-id='" + id + "']");
  }

  /** How many entries of the notification centre contain {@code text} in their title or message. */
  private int inCentre(String text) {
    return (int) browser.driver().findElements(By.cssSelector("#notification-list li")).stream()
      .filter(item -> item.getAttribute("textContent").matches("(?s).*" + Pattern.quote(text) + "(?!\\d).*"))
      .count();
  }


  private static void notify(ApiClient api, String root, TestUser user, String title) {
    assertThat(api.post("/api/v1/notifications", root, new JsonObject()
      .put("user_ids", new JsonArray().add(user.id())).put("title", title).put("message", title))
      .statusCode()).isEqualTo(201);
  }
}
