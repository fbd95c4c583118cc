package io.herald.dashboard;

import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Browser;
import io.herald.support.BrowserNode;
import io.herald.support.BrowserNodeTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard as the staff's daily tool: the complaint queue, the people page, phones. */
class DashboardQueueTest extends BrowserNodeTest {

  @BeforeAll
  static void start() {
    use(BrowserNode.start(new JsonObject().put(Settings.OVERDUE_AFTER.key(), "critical=3s,high=1h,medium=1h,low=1h")));
  }

  private static String hostel() {
    return "block-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long complaint(String hostel, String severity) {
    return api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel, severity).getLong("id");
  }

  private static String row(long id) {
    return "tr[data-id='" + id + "']";
  }

  private static void open(String hash) {
    browser.script("location.hash = arguments[0];", hash);
  }

  @Test
  void aCriticalComplaintIsMarkedOverdueOnceItsThresholdPassesAndTheOverdueFilterKeepsOnlyIt() {
    signIn("admin");
    String hostel = hostel();
    long critical = complaint(hostel, "critical");
    long high = complaint(hostel, "high");
    browser.waitFor(d -> browser.present(row(critical)) && browser.present(row(high)));

    browser.waitFor(d -> browser.find(row(critical)).getAttribute("class").contains("overdue"));
    assertThat(browser.find(row(critical) + " .overdue-badge").isDisplayed()).isTrue();
    assertThat(browser.text(row(critical) + " .overdue-badge")).isEqualTo("Overdue");
    assertThat(browser.find(row(high)).getAttribute("class")).doesNotContain("overdue");
    assertThat(browser.text(row(critical) + " .age-text")).contains("ago");
    assertThat(browser.text(row(critical) + " .reporter")).startsWith("student-");
    assertThat(browser.text(row(critical) + " .description")).contains("Broken heater in " + hostel);

    browser.find("#f-hostel").sendKeys(hostel);
    browser.find("#f-overdue").click();
    browser.find("#apply-filters").click();

    // the filtered list has loaded once the critical row is back and the other is gone (while it reloads, neither is)
    browser.waitFor(d -> browser.driver().getCurrentUrl().contains("overdue=1") && !browser.present(row(high))
      && browser.present(row(critical)));
    assertThat(browser.driver().findElements(By.cssSelector("tr.complaint"))).hasSize(1);
  }

  @Test
  void aPorterFiltersToComplaintsAssignedToThemAndNewAssignmentsArriveLive() {
    TestUser porter = signIn("porter");
    String hostel = hostel();
    long mine = complaint(hostel, "medium");
    long other = complaint(hostel, "medium");
    api.assign(rootAdmin, mine, porter.id());
    browser.find("#f-mine").click();
    browser.find("#apply-filters").click();
    browser.waitFor(d -> browser.driver().getCurrentUrl().contains("mine=1") && browser.present(row(mine)));
    assertThat(browser.present(row(other))).isFalse();

    api.assign(rootAdmin, other, porter.id());

    browser.waitFor(d -> browser.present(row(other)));
    assertThat(browser.text(row(other) + " .status-action")).isEqualTo("Start");
    assertThat(browser.find("label:has(#f-mine)").getText()).isEqualTo("Assigned to me");
  }

  @Test
  void aBookmarkedFilteredUrlRestoresTheViewAndLiveInsertsRespectItsFilters() {
    signIn("admin");
    String hostel = hostel();
    long low = complaint(hostel, "low");
    long high = complaint(hostel, "high");
    long critical = complaint(hostel, "critical");
    String bookmark = browser.driver().getCurrentUrl().split("#")[0] + "#/complaints?sort=severity&severity=high&hostel=" + hostel + "&q=heater";

    browser.driver().get("about:blank");
    browser.driver().get(bookmark);
    browser.awaitConnection("connected");
    browser.waitFor(d -> ids().contains(high));

    assertThat(new Select(browser.find("#f-sort")).getFirstSelectedOption().getAttribute("value")).isEqualTo("severity");
    assertThat(new Select(browser.find("#f-severity")).getFirstSelectedOption().getAttribute("value")).isEqualTo("high");
    assertThat(browser.find("#f-hostel").getDomProperty("value")).isEqualTo(hostel);
    assertThat(browser.find("#f-q").getDomProperty("value")).isEqualTo("heater");
    assertThat(browser.present(row(low)) || browser.present(row(critical))).isFalse();

    long lowLater = complaint(hostel, "low");
    long highLater = complaint(hostel, "high");
    browser.waitFor(d -> ids().contains(highLater));
    assertThat(ids()).containsExactly(high, highLater);
    assertThat(browser.present(row(lowLater))).isFalse();

    new Select(browser.find("#f-severity")).selectByValue("");
    browser.find("#apply-filters").click();
    browser.waitFor(d -> ids().size() == 5);
    assertThat(ids()).containsExactly(critical, high, highLater, low, lowLater);
    browser.driver().navigate().back();
    browser.waitFor(d -> !browser.present(row(critical)) && browser.present(row(high)));
    assertThat(new Select(browser.find("#f-severity")).getFirstSelectedOption().getAttribute("value")).isEqualTo("high");
  }

  /** The queue's complaint ids in page order, read in one go (live frames may replace a row meanwhile). */
  @SuppressWarnings("unchecked")
  private static List<Long> ids() {
    return (List<Long>) browser.script("return [...document.querySelectorAll('tr.complaint')].map(tr => Number(tr.dataset.id));");
  }

  @Test
  void thePeoplePageCreatesAPorterWhoCanThenSignInAndSetsANewPassword() {
    signIn("admin");
    String username = "porter-" + UUID.randomUUID().toString().substring(0, 8);
    open("#/people");
    browser.waitFor(d -> browser.present("#new-user"));

    browser.find("#new-user input[name='username']").sendKeys(username);
    browser.find("#new-user input[name='display_name']").sendKeys("Night Porter");
    browser.find("#new-user input[name='password']").sendKeys("first-password");
    new Select(browser.find("#new-user select[name='role']")).selectByValue("porter");
    browser.find("#new-user button[type='submit']").click();
    browser.waitFor(d -> browser.text("#toasts").contains("User created."));
    browser.find("#people-filters input[name='q']").sendKeys(username);
    browser.find("#people-filters button").click();
    browser.waitFor(d -> browser.driver().getCurrentUrl().contains("q=" + username)
      && browser.driver().findElements(By.cssSelector("#people-rows tr")).size() == 1);
    browser.find("tr[data-user='" + username + "'] .set-password").click();
    browser.find("tr[data-user='" + username + "'] .new-password").sendKeys("second-password", Keys.ENTER);
    browser.waitFor(d -> browser.text("#toasts").contains("Saved."));

    browser.login(username, "second-password");

    assertThat(browser.find("#login-view").isDisplayed()).isFalse();
    assertThat(browser.find("a[href='#/people']").isDisplayed()).isFalse();
    assertThat(browser.present("#f-mine")).isTrue();
  }

  @Test
  void aStudentDisabledOnThePeoplePageIsSignedOutLive() {
    signIn("admin");
    TestUser student = api.newUser(rootAdmin, "student");
    try (Browser studentBrowser = Browser.open(dashboard.node().port())) {
      studentBrowser.login(student.username(), "password-" + student.username());
      open("#/people?q=" + student.username());
      browser.waitFor(d -> browser.present("tr[data-user='" + student.username() + "'] .toggle-disabled"));

      browser.find("tr[data-user='" + student.username() + "'] .toggle-disabled").click();

      browser.waitFor(d -> "true".equals(browser.find("tr[data-user='" + student.username() + "']").getAttribute("data-disabled")));
      studentBrowser.waitFor(d -> studentBrowser.find("#login-view").isDisplayed());
      assertThat(studentBrowser.text("#login-message")).isEqualTo("Your session has expired. Please sign in again.");
      assertThat(browser.text("tr[data-user='" + student.username() + "'] .user-status")).isEqualTo("Disabled");
    }
  }

  @Test
  void onA390PixelPhoneAPorterWorksTheQueueAndStaysSignedInAcrossAReload() throws Exception {
    ChromeDriver chrome = (ChromeDriver) browser.driver();
    chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
      Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      TestUser porter = signIn("porter");
      long id = complaint(hostel(), "high");
      api.assign(rootAdmin, id, porter.id());
      browser.script("location.reload();");
      browser.awaitConnection("connected");
      browser.waitFor(d -> browser.present(row(id) + " .status-action"));

      Path shot = browser.screenshot("queue-390.png");
      assertThat(Files.size(shot)).isPositive();
      assertThat(browser.script("return window.innerWidth;")).isEqualTo(390L);
      assertThat(browser.script("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
        + ".map(e => e.tagName + '.' + e.className + '#' + e.id);")).asList().isEmpty();
      assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
      WebElement action = browser.find(row(id) + " .status-action");
      assertThat(action.getRect().getX() + action.getRect().getWidth()).isLessThanOrEqualTo(390);

      action.click();

      browser.waitFor(d -> "in_progress".equals(browser.find(row(id)).getAttribute("data-status")));
      assertThat(api.get("/api/v1/complaints/" + id, rootAdmin).bodyAsJsonObject().getString("status")).isEqualTo("in_progress");
      browser.find(row(id) + " .what").click();
      browser.waitFor(d -> browser.present("#status-form"));
      assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
      assertThat(browser.find("#status-form button").isDisplayed()).isTrue();
      assertThat(browser.text(".timeline")).contains("assigned: " + porter.username()).contains("open → in progress");
      browser.screenshot("complaint-390.png");
    } finally {
      chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }
}
