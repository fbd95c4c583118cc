package io.herald.dashboard;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BrowserNode;
import io.herald.support.BrowserNodeTest;
import io.herald.support.TelegramNodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A complaint's page shows staff where Herald's messages about the complaint went. */
class ComplaintDeliveriesBrowserTest extends BrowserNodeTest {

  @BeforeAll
  static void start() {
    use(BrowserNode.startWithBot(fake -> TelegramNodes.config(fake).json()));
  }

  private static void open(long id) {
    browser.script("location.hash = arguments[0];", "#/complaints/" + id);
  }

  /** A complaint whose alert has reached the admin chat through the fake Bot API and been marked sent. */
  private static long alertedComplaint(long chat) {
    HttpResponse<Buffer> configured = api.post("/api/v1/notifications/config", rootAdmin, TelegramNodes.everyAlertTo(chat));
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), TelegramNodes.newHostel(), "high").getLong("id");
    Await.until("the alert reaches the chat", () -> dashboard.fake().delivered(chat).size() == 1);
    Await.until("the alert is marked sent", () -> api.get("/api/v1/notifications/telegram/outbox?status=sent&limit=200", rootAdmin)
      .bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
      .anyMatch(row -> row.getLong("chat_id") == chat && row.getLong("complaint_id") == id));
    return id;
  }

  private static String notificationOf(TestUser user) {
    return "#deliveries article.delivery[data-notification='" + notificationId(user) + "']";
  }

  private static long notificationId(TestUser user) {
    return api.get("/api/v1/notifications?limit=1", user.token()).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("id");
  }

  @Test
  void anAdminSeesTheChatAlertAndTheInAppNotificationAndARefreshShowsItRead() {
    TestUser admin = signIn("admin");
    long chat = TelegramNodes.newChatId();
    long id = alertedComplaint(chat);

    open(id);

    browser.waitFor(d -> browser.present("#deliveries li[data-kind='alert'][data-status='sent']"));
    assertThat(browser.text("#deliveries li[data-kind='alert']")).contains("Telegram alert to chat " + chat).contains("sent");
    String mine = notificationOf(admin);
    assertThat(browser.text(mine + " .recipient")).isEqualTo(admin.username());
    assertThat(browser.text(mine + " .delivery-head")).contains("New complaint");
    assertThat(browser.text(mine + " .delivery-times")).contains("not read yet");
    assertThat(browser.text(mine + " li[data-channel='in_app']")).contains("In app").contains("delivered");

    HttpResponse<Buffer> read = api.post("/api/v1/notifications/" + notificationId(admin) + "/read", admin.token(), null);
    assertThat(read.statusCode()).isEqualTo(200);
    browser.find("#deliveries-refresh").click();

    browser.waitFor(d -> browser.present(mine + " li[data-channel='in_app'][data-status='read']"));
    assertThat(browser.text(mine + " .delivery-times")).doesNotContain("not read yet");

    browser.find("#app-view .lang-toggle").click();
    browser.waitFor(d -> browser.text("#deliveries h2").equals("Παραδόσεις"));
    assertThat(browser.text("#deliveries li[data-kind='alert']")).contains("Ειδοποίηση Telegram στη συνομιλία " + chat)
      .contains("στάλθηκε");
    browser.find("#app-view .lang-toggle").click();
    browser.waitFor(d -> browser.text("#deliveries h2").equals("Deliveries"));
  }

  @Test
  void aPorterSeesTheDeliveriesOnA390PixelPhoneAndAStudentDoesNot() {
    long id = alertedComplaint(TelegramNodes.newChatId());
    ChromeDriver chrome = (ChromeDriver) browser.driver();
    chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
      Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      signIn("porter");
      open(id);
      browser.waitFor(d -> browser.present("#deliveries li[data-kind='alert'][data-status='sent']"));
      assertThat(browser.present("#deliveries article.delivery li[data-channel='in_app']")).isTrue();
      assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
      browser.screenshot("complaint-deliveries-390.png");
    } finally {
      chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    TestUser student = api.newUser(rootAdmin, "student");
    long own = api.createComplaint(student.token(), TelegramNodes.newHostel(), "low").getLong("id");
    browser.login(student.username(), "password-" + student.username());
    open(own);
    browser.waitFor(d -> browser.present("#complaint-detail"));
    assertThat(browser.present("#deliveries")).isFalse();
  }
}
