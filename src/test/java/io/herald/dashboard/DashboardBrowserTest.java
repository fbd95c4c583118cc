package io.herald.dashboard;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.BrowserNode;
import io.herald.support.BrowserNodeTest;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.herald.support.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardBrowserTest extends BrowserNodeTest {

  @BeforeAll
  static void start() {
    use(BrowserNode.start());
  }

  private static String hostel() {
    return "hostel-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void notify(TestUser user, String title) {
    assertThat(api.post("/api/v1/notifications", rootAdmin, new JsonObject()
      .put("user_ids", new JsonArray().add(user.id())).put("title", title).put("message", "body of " + title))
      .statusCode()).isEqualTo(201);
  }

  @Test
  void loginShowsTheConnectedDashboard() {
    signIn("admin");

    assertThat(browser.find("#connection").getAttribute("data-state")).isEqualTo("connected");
    assertThat(browser.present("#complaint-rows")).isTrue();
    assertThat(browser.find("#login-view").isDisplayed()).isFalse();
  }

  @Test
  void wrongPasswordShowsAFriendlyMessage() {
    browser.signedOut();
    browser.find("#login-username").sendKeys("nobody-" + UUID.randomUUID());
    browser.find("#login-password").sendKeys("wrong");
    browser.find("#login-submit").click();

    browser.waitFor(d -> !browser.text("#login-message").isEmpty());
    assertThat(browser.text("#login-message")).isEqualTo("Wrong username or password.");
  }

  @Test
  void anExpiringTokenSendsTheUserBackToLoginWithAMessage() {
    TestUser porter = api.newUser(rootAdmin, "porter");
    String shortLived = Tokens.hs256(Tokens.claims(porter.id(), "porter", Tokens.inSeconds(3)), TestNode.JWT_SECRET);
    browser.signedOut();
    browser.script("localStorage.setItem('herald.session', JSON.stringify({token: arguments[0], user: {id: arguments[1], role: 'porter'}}));"
      + "location.reload();", shortLived, porter.id());
    browser.awaitConnection("connected");

    browser.waitFor(d -> browser.find("#login-view").isDisplayed());
    assertThat(browser.text("#login-message")).isEqualTo("Your session has expired. Please sign in again.");
    assertThat(browser.script("return localStorage.getItem('herald.session');")).isNull();
  }

  @Test
  void aRejectedTokenOnAnyCallSendsTheUserBackToLogin() {
    signIn("student");
    browser.script("const s = JSON.parse(localStorage.getItem('herald.session'));"
      + "s.token = s.token + 'tampered'; localStorage.setItem('herald.session', JSON.stringify(s));");

    browser.script("location.hash = '#/preferences';");

    browser.waitFor(d -> browser.find("#login-view").isDisplayed());
    assertThat(browser.text("#login-message")).isEqualTo("Your session has expired. Please sign in again.");
    assertThat(browser.text("#toasts")).doesNotContain("401").doesNotContain("Error");
  }

  @Test
  void complaintCreatedOverRestAppearsInTheOpenDashboardWithAToast() {
    signIn("admin");
    TestUser student = api.newUser(rootAdmin, "student");

    long id = api.createComplaint(student.token(), hostel(), "high").getLong("id");

    browser.waitFor(d -> browser.present("tr[data-id='" + id + "']")
      && browser.text("#toasts").contains("#" + id), Duration.ofSeconds(2));
    assertThat(browser.find("#toasts").getAttribute("aria-live")).isEqualTo("polite");
  }

  @Test
  void statusChangeUpdatesTheListRowAndTheBadge() {
    signIn("admin");
    TestUser student = api.newUser(rootAdmin, "student");
    long id = api.createComplaint(student.token(), hostel(), "medium").getLong("id");
    browser.waitFor(d -> browser.present("tr[data-id='" + id + "']") && browser.find("#unread-badge").isDisplayed());
    int before = Integer.parseInt(browser.text("#unread-badge"));

    assertThat(api.changeStatus(rootAdmin, id, "in_progress").statusCode()).isEqualTo(200);

    browser.waitFor(d -> "in_progress".equals(browser.find("tr[data-id='" + id + "']").getAttribute("data-status"))
      && Integer.parseInt(browser.text("#unread-badge")) == before + 1);
    assertThat(browser.text("tr[data-id='" + id + "'] .status")).isEqualTo("in progress");
  }

  @Test
  void markingReadInOneTabUpdatesTheOther() {
    TestUser user = signIn("porter");
    String first = browser.driver().getWindowHandle();
    String page = browser.driver().getCurrentUrl();
    notify(user, "Water off on floor 2");
    browser.waitFor(d -> "1".equals(browser.text("#unread-badge")));
    browser.driver().switchTo().newWindow(WindowType.TAB).get(page);
    String second = browser.driver().getWindowHandle();
    browser.awaitConnection("connected");
    browser.find("#bell").click();
    browser.waitFor(d -> browser.present("#notification-list li.unread .mark-read"));

    browser.find("#notification-list li.unread .mark-read").click();
    browser.waitFor(d -> "0".equals(browser.find("#unread-badge").getDomProperty("textContent")));
    browser.driver().close();
    browser.driver().switchTo().window(first);

    browser.waitFor(d -> !browser.find("#unread-badge").isDisplayed());
    browser.find("#bell").click();
    assertThat(browser.driver().findElements(By.cssSelector("#notification-list li.unread"))).isEmpty();
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void tenForcedReconnectsLeaveNoExtraTimersOrHandlers() {
    signIn("admin");
    browser.waitFor(d -> ((Number) browser.script("return window.__herald.handlers();")).intValue() == 3);
    Map<?, ?> before = (Map<?, ?>) browser.script("return window.__herald.timers();");

    for (int i = 0; i < 10; i++) {
      browser.script("window.__herald.forceReconnect();");
      browser.awaitConnection("reconnecting");
      browser.awaitConnection("connected");
    }

    browser.waitFor(d -> ((Number) browser.script("return window.__herald.handlers();")).intValue() == 3);
    Map<?, ?> after = (Map<?, ?>) browser.script("return window.__herald.timers();");
    assertThat(after.get("intervals")).isEqualTo(before.get("intervals"));
    assertThat(((Number) after.get("timeouts")).longValue()).isLessThanOrEqualTo(((Number) before.get("timeouts")).longValue() + 2);
  }

  @Test
  void theIndicatorFollowsTheBrowsersNetworkWithoutExtraTimersOrHandlers() {
    signIn("porter");
    browser.waitFor(d -> ((Number) browser.script("return window.__herald.handlers();")).intValue() == 2);
    Map<?, ?> before = (Map<?, ?>) browser.script("return window.__herald.timers();");

    try {
      for (int i = 0; i < 3; i++) {
        network(true);
        browser.awaitConnection("offline");
        network(false);
        browser.awaitConnection("connected");
      }
    } finally {
      ((HasNetworkConditions) browser.driver()).deleteNetworkConditions();
    }

    browser.waitFor(d -> ((Number) browser.script("return window.__herald.handlers();")).intValue() == 2);
    Map<?, ?> after = (Map<?, ?>) browser.script("return window.__herald.timers();");
    assertThat(after.get("intervals")).isEqualTo(before.get("intervals"));
    assertThat(((Number) after.get("timeouts")).longValue()).isLessThanOrEqualTo(((Number) before.get("timeouts")).longValue() + 2);
  }

  private static void network(boolean offline) {
    ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
    conditions.setOffline(offline);
    ((HasNetworkConditions) browser.driver()).setNetworkConditions(conditions);
  }

  @Test
  void anAdminChangesStatusAndAssignsAPorterFromTheDetailPage() {
    signIn("admin");
    TestUser porter = api.newUser(rootAdmin, "porter");
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel(), "low").getLong("id");
    browser.waitFor(d -> browser.present("tr[data-id='" + id + "']"));
    browser.find("tr[data-id='" + id + "']").click();
    browser.waitFor(d -> browser.present("#status-form"));

    new Select(browser.find("#status-form select")).selectByValue("in_progress");
    browser.find("#status-form button").click();
    browser.waitFor(d -> "in_progress".equals(browser.find("#complaint-detail").getAttribute("data-status")));
    new Select(browser.find("#f-porter")).selectByValue(String.valueOf(porter.id()));
    browser.find("#assign-form button").click();

    browser.waitFor(d -> browser.text("#complaint-detail").contains(porter.username()));
    assertThat(browser.text(".history")).contains("open → in progress");
  }

  @Test
  void theOpenDetailUpdatesInPlaceWhenSomeoneElseChangesTheComplaint() {
    signIn("admin");
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel(), "high").getLong("id");
    browser.script("location.hash = arguments[0];", "#/complaints/" + id);
    browser.waitFor(d -> "open".equals(browser.find("#complaint-detail").getAttribute("data-status")));
    browser.script("window.__marker = 'same page';");

    assertThat(api.changeStatus(rootAdmin, id, "rejected").statusCode()).isEqualTo(200);

    browser.waitFor(d -> "rejected".equals(browser.find("#complaint-detail").getAttribute("data-status")));
    assertThat(browser.script("return window.__marker;")).isEqualTo("same page");
  }

  @Test
  void onAPhoneTheMenuIsADrawer() {
    signIn("admin");
    Dimension desktop = browser.driver().manage().window().getSize();
    browser.driver().manage().window().setSize(new Dimension(400, 800));
    try {
      browser.waitFor(d -> browser.find("#menu-toggle").isDisplayed());
      browser.waitFor(d -> browser.find("#sidebar").getRect().getX() < 0);

      browser.find("#menu-toggle").click();

      browser.waitFor(d -> browser.find("#sidebar").getRect().getX() == 0);
      assertThat(browser.find("#menu-toggle").getAttribute("aria-expanded")).isEqualTo("true");
    } finally {
      browser.driver().manage().window().setSize(desktop);
    }
  }

  @Test
  void theNotificationCentreLoadsOlderPagesAndMarksAllRead() {
    TestUser porter = signIn("porter");
    for (int i = 1; i <= 22; i++) {
      notify(porter, "Paged notice " + i);
    }
    browser.waitFor(d -> "22".equals(browser.find("#unread-badge").getText()));
    browser.script("location.reload();");
    browser.awaitConnection("connected");
    browser.find("#bell").click();
    browser.waitFor(d -> browser.driver().findElements(By.cssSelector("#notification-list li")).size() == 20);

    browser.find("#notifications-more").click();
    browser.waitFor(d -> browser.driver().findElements(By.cssSelector("#notification-list li")).size() == 22);
    browser.find("#mark-all-read").click();

    browser.waitFor(d -> browser.driver().findElements(By.cssSelector("#notification-list li.unread")).isEmpty());
    assertThat(browser.find("#unread-badge").isDisplayed()).isFalse();
    assertThat(browser.find("#notifications-more").isDisplayed()).isFalse();
  }

  @Test
  void anAdminBroadcastsFromTheAdminPage() {
    signIn("admin");
    TestUser otherAdmin = api.newUser(rootAdmin, "admin");
    String title = "Lift maintenance " + UUID.randomUUID();
    browser.script("location.hash = '#/admin';");
    browser.waitFor(d -> browser.present("#broadcast-form") && browser.present("#ws-stats"));

    browser.find("#broadcast-form input[name='title']").sendKeys(title);
    browser.find("#broadcast-form textarea[name='message']").sendKeys("Tomorrow 9-11");
    browser.find("#broadcast-form input[name='role-porter']").click();
    browser.find("#broadcast-form input[name='role-student']").click();
    browser.find("#broadcast-form button[type='submit']").click();

    browser.waitFor(d -> browser.text("#toasts").contains("Sent."));
    assertThat(api.get("/api/v1/notifications", otherAdmin.token()).bodyAsJsonObject().encode()).contains(title);
  }

  @Test
  void theAdminPageCountsSocketsLiveWithoutAReload() {
    signIn("admin");
    browser.script("location.hash = '#/admin';");
    browser.waitFor(d -> browser.present("#ws-stats-numbers") && shownConnections() > 0);
    int before = shownConnections();
    TestUser student = api.newUser(rootAdmin, "student");
    WsProbe socket = WsProbe.connect(dashboard.node().vertx(), dashboard.node().port(), "/ws/notifications?token=" + student.token());
    try {
      assertThat(socket.next().getString("type")).isEqualTo("connected");
      browser.waitFor(d -> shownConnections() > before);
    } finally {
      socket.close();
    }
  }

  /** The first number the admin page's WebSocket card shows: the connections of every node. */
  private int shownConnections() {
    Matcher number = Pattern.compile("(\\d+)").matcher(browser.text("#ws-stats-numbers"));
    return number.find() ? Integer.parseInt(number.group(1)) : -1;
  }

  @Test
  void anAdminSavesTelegramChatIdsAndRateLimitFromTheAdminPage() {
    signIn("admin");
    String hostel = hostel();
    openAlertSettings();

    replace("input[name='admin_chat_ids']", "111, -222");
    replace("textarea[name='hostel_chat_ids']", hostel + ": 333, -444");
    replace("input[name='rate_limit_minutes']", "7");
    replace("input[name='rate_limit_count']", "3");
    browser.find("#telegram-form button[type='submit']").click();

    browser.waitFor(d -> browser.text("#toasts").contains("Saved."));
    JsonObject config = api.get("/api/v1/notifications/config", rootAdmin).bodyAsJsonObject();
    assertThat(config.getJsonArray("admin_chat_ids").encode()).isEqualTo("[111,-222]");
    assertThat(config.getJsonObject("hostel_chat_ids").getJsonArray(hostel).encode()).isEqualTo("[333,-444]");
    assertThat(config.getInteger("rate_limit_minutes")).isEqualTo(7);
    assertThat(config.getInteger("rate_limit_count")).isEqualTo(3);
  }

  @Test
  void anAdminSetsWhoMaySignUpThroughTheBotAndItsComplaintQuota() {
    signIn("admin");
    openAlertSettings();

    new org.openqa.selenium.support.ui.Select(browser.find("#telegram-form select[name='registration']")).selectByValue("allow-list");
    replace("textarea[name='registration_allow_list']", "4242, @hostel_desk");
    replace("input[name='complaints_per_chat']", "4");
    replace("input[name='complaint_window_minutes']", "30");
    browser.find("#telegram-form button[type='submit']").click();

    browser.waitFor(d -> browser.text("#toasts").contains("Saved."));
    JsonObject config = api.get("/api/v1/notifications/config", rootAdmin).bodyAsJsonObject();
    assertThat(config.getString("registration")).isEqualTo("allow-list");
    assertThat(config.getJsonArray("registration_allow_list").encode()).isEqualTo("[4242,\"hostel_desk\"]");
    assertThat(config.getInteger("complaints_per_chat")).isEqualTo(4);
    assertThat(config.getInteger("complaint_window_minutes")).isEqualTo(30);
    api.post("/api/v1/notifications/config", rootAdmin, new JsonObject().put("registration", "approval")
      .put("complaints_per_chat", 10).put("complaint_window_minutes", 60).put("registration_allow_list", new io.vertx.core.json.JsonArray()));
  }

  @Test
  void badAlertSettingsShowAReadableMessageNamingTheField() {
    signIn("admin");
    openAlertSettings();

    replace("input[name='rate_limit_count']", "0");
    browser.find("#telegram-form button[type='submit']").click();
    browser.waitFor(d -> !browser.text("#telegram-message").isEmpty());
    String fromServer = browser.text("#telegram-message");
    replace("input[name='rate_limit_count']", "2");
    replace("input[name='admin_chat_ids']", "12, twelve");
    browser.find("#telegram-form button[type='submit']").click();
    browser.waitFor(d -> browser.text("#telegram-message").contains("Admin chat ids"));

    assertThat(fromServer).isEqualTo("Please check “Alerts per chat in each window”: that value is not accepted.");
    assertThat(browser.text("#telegram-message")).doesNotContain("Invalid field").doesNotContain("400");
  }

  private static void openAlertSettings() {
    browser.script("location.hash = '#/admin';");
    browser.waitFor(d -> browser.present("#telegram-form input[name='rate_limit_count']"));
  }

  private static void replace(String css, String value) {
    WebElement input = browser.find("#telegram-form " + css);
    input.clear();
    input.sendKeys(value);
  }

  @Test
  void aPorterNotAssignedToAComplaintGetsAToastWhenAnAdminChangesItsStatus() {
    signIn("porter");
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel(), "medium").getLong("id");

    assertThat(api.changeStatus(rootAdmin, id, "in_progress").statusCode()).isEqualTo(200);

    browser.waitFor(d -> !toastsAbout(id).isEmpty());
    assertThat(toastsAbout(id)).singleElement().satisfies(toast -> {
      assertThat(toast.getAttribute("data-kind")).isEqualTo("status_update");
      assertThat(toast.getText()).contains("Status changed").contains("in progress");
    });
  }

  @Test
  void oneStatusChangeGivesAnAdminOneToastThoughItArrivesAsFrameAndNotification() {
    signIn("admin");
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel(), "low").getLong("id");
    browser.find("#bell").click();
    browser.waitFor(d -> browser.text("#notification-list").contains("#" + id));

    assertThat(api.changeStatus(rootAdmin, id, "in_progress").statusCode()).isEqualTo(200);

    browser.waitFor(d -> browser.text("#notification-list").contains("Complaint #" + id + " is now in progress"));
    assertThat(toastsAbout(id).stream().filter(toast -> "status_update".equals(toast.getAttribute("data-kind")))).hasSize(1);
  }

  private static List<WebElement> toastsAbout(long id) {
    return browser.driver().findElements(By.cssSelector("#toasts .toast")).stream()
      .filter(toast -> toast.getText().matches("(?s).*#" + id + "\\b.*")).toList();
  }

  @Test
  void toastsCanBeDismissedByHandAndGoAwayByThemselves() {
    TestUser porter = signIn("porter");
    notify(porter, "First notice");
    browser.waitFor(d -> browser.text("#toasts").contains("First notice"));

    browser.find("#toasts .toast .toast-close").click();
    browser.waitFor(d -> !browser.text("#toasts").contains("First notice"));
    notify(porter, "Second notice");
    browser.waitFor(d -> browser.text("#toasts").contains("Second notice"));

    browser.waitFor(d -> !browser.present("#toasts .toast"));
    assertThat(browser.find("#toasts").getAttribute("role")).isEqualTo("status");
  }

  @Test
  void aStudentFilesAComplaintFromTheForm() {
    signIn("student");
    String hostel = hostel();
    browser.script("location.hash = '#/new';");
    browser.waitFor(d -> browser.present("#new-complaint"));

    browser.find("#new-complaint input[name='category']").sendKeys("electricity");
    browser.find("#new-complaint input[name='hostel']").sendKeys(hostel);
    browser.find("#new-complaint textarea[name='description']").sendKeys("Socket sparks");
    browser.find("#new-complaint button[type='submit']").click();

    browser.waitFor(d -> browser.present("#complaint-detail") && browser.text("#complaint-detail").contains(hostel));
    assertThat(api.get("/api/v1/complaints?hostel=" + hostel, rootAdmin).bodyAsJsonObject()
      .getJsonArray("items").getJsonObject(0).getString("source")).isEqualTo("dashboard");
  }

  @Test
  void preferencesSavedInThePageAreStoredByTheService() {
    TestUser student = signIn("student");
    browser.script("location.hash = '#/preferences';");
    browser.waitFor(d -> browser.present("#preferences-form input[name='broadcast.in_app']"));

    browser.find("#preferences-form input[name='broadcast.in_app']").click();
    browser.find("#preferences-form button[type='submit']").click();

    browser.waitFor(d -> browser.text("#toasts").contains("Saved."));
    assertThat(api.get("/api/v1/notifications/preferences", student.token()).bodyAsJsonObject()
      .getJsonObject("types").getJsonObject("broadcast").getBoolean("in_app")).isFalse();
  }

  @Test
  void theDailyDigestIsSwitchedOnInThePreferencesPage() {
    TestUser student = signIn("student");
    browser.script("location.hash = '#/preferences';");
    browser.waitFor(d -> browser.present("#preferences-form input[name='digest.enabled']"));

    browser.find("#preferences-form input[name='digest.enabled']").click();
    browser.script("document.querySelector(\"#preferences-form select[name='digest.channel']\").value = 'telegram';");
    browser.find("#preferences-form input[name='digest.hour']").clear();
    browser.find("#preferences-form input[name='digest.hour']").sendKeys("19");
    browser.find("#preferences-form button[type='submit']").click();

    browser.waitFor(d -> browser.text("#toasts").contains("Saved."));
    assertThat(api.get("/api/v1/notifications/preferences", student.token()).bodyAsJsonObject().getJsonObject("digest"))
      .isEqualTo(new JsonObject().put("enabled", true).put("channel", "telegram").put("hour", 19));
  }

  @Test
  void theGreekSwitchTranslatesTheInterface() {
    signIn("admin");

    browser.find("#app-view .lang-toggle").click();

    browser.waitFor(d -> "Παράπονα".equals(browser.find("#main h1").getText()));
    assertThat(browser.text("#connection")).isEqualTo("Συνδεδεμένο");
    browser.find("#app-view .lang-toggle").click();
    browser.waitFor(d -> "Complaints".equals(browser.find("#main h1").getText()));
  }

  @Test
  void aPorterNeverSeesAnotherUsersNotification() {
    TestUser porter = signIn("porter");
    TestUser other = api.newUser(rootAdmin, "porter");
    notify(other, "For someone else only");
    notify(porter, "For this porter");

    browser.find("#bell").click();
    browser.waitFor(d -> browser.text("#notification-list").contains("For this porter"));
    assertThat(browser.text("#notification-list")).doesNotContain("For someone else only");
    assertThat(browser.text("#toasts")).doesNotContain("For someone else only");
  }

  @Test
  void aScreenshotOfTheDashboardIsSaved() {
    signIn("admin");
    api.createComplaint(api.newUser(rootAdmin, "student").token(), hostel(), "critical");
    browser.waitFor(d -> browser.present("tr.complaint"));

    assertThat(browser.screenshot("dashboard.png")).exists().isNotEmptyFile();
  }
}
