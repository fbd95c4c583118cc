package io.herald.dashboard;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.config.Settings;
import io.herald.email.Mails;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BotChats;
import io.herald.support.BrowserNode;
import io.herald.support.BrowserNodeTest;
import io.herald.support.MailNodes;
import io.herald.support.TelegramNodes;
import io.herald.support.TestSql;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preferences page manages the user's own address (confirmed through the mail's link), language, time zone and
 * Telegram chat (linked through the bot's /start), against a real node, real SMTP (GreenMail) and the fake Bot API.
 */
class PreferencesPageTest extends BrowserNodeTest {

  private static final String BOT = "herald_prefs_bot";
  private static GreenMail mail;
  private static TestSql sql;
  private static BotChats chats;

  @BeforeAll
  static void start() {
    mail = MailNodes.greenMail();
    use(BrowserNode.startWithBot(fake -> MailNodes.config(mail.getSmtp().getPort())
      .with(Settings.TELEGRAM_BOT_TOKEN.key(), TelegramNodes.TOKEN)
      .with(Settings.TELEGRAM_API_BASE_URL.key(), fake.baseUrl())
      .with(Settings.TELEGRAM_TUNING.key(), TelegramNodes.fastTuning())
      .with(Settings.TELEGRAM_BOT_USERNAME.key(), BOT).json()));
    sql = new TestSql(dashboard.node().vertx());
    chats = new BotChats(dashboard.fake(), sql);
  }

  /** Runs before the superclass closes the node, on whose Vert.x the SQL client runs. */
  @AfterAll
  static void stop() {
    if (sql != null) {
      sql.close();
    }
    if (mail != null) {
      mail.stop();
    }
  }

  private static TestUser openPreferences() {
    TestUser user = signIn("student");
    browser.script("location.hash = '#/preferences';");
    browser.waitFor(d -> browser.present("#email-form") && browser.present("#telegram-state"));
    return user;
  }

  private static JsonObject me(TestUser user) {
    return api.get("/api/v1/auth/me", user.token()).bodyAsJsonObject();
  }

  private static String state(String css) {
    return browser.find(css).getAttribute("data-state");
  }

  @Test
  void anAddressSetOnThePageWaitsForItsConfirmationAndShowsConfirmedOnceTheMailsLinkIsUsed() {
    TestUser user = openPreferences();
    assertThat(state("#email-state")).isEqualTo("none");
    String address = MailNodes.newAddress("example.org");

    browser.find("#email-input").sendKeys(address);
    browser.find("#email-form button[type='submit']").click();

    browser.waitFor(d -> "pending".equals(state("#email-state")));
    assertThat(browser.text("#email-state")).contains(address).contains("Waiting for confirmation");
    assertThat(me(user).getString("email")).isEqualTo(address);
    assertThat(me(user).getBoolean("email_verified")).isFalse();
    Await.until("the verification mail arrives", () -> Mails.to(mail, address).size() == 1);

    browser.find("#email-resend").click();

    Await.until("a second verification mail arrives", () -> Mails.to(mail, address).size() == 2);
    String token = Mails.token(Mails.part(Mails.to(mail, address).get(1), "text/plain"), "/mail/verify");
    String dashboardTab = browser.driver().getWindowHandle();
    browser.driver().switchTo().newWindow(WindowType.TAB).get("http://127.0.0.1:" + dashboard.node().port() + "/mail/verify?token=" + token);
    browser.find("form button[type='submit']").click();
    browser.waitFor(d -> browser.text("h1").equals("Done"));
    assertThat(me(user).getBoolean("email_verified")).isTrue();
    browser.driver().close();
    browser.driver().switchTo().window(dashboardTab);
    browser.script("window.dispatchEvent(new Event('focus'));");

    browser.waitFor(d -> "verified".equals(state("#email-state")));
    assertThat(browser.text("#email-state")).contains(address).contains("Confirmed");
    assertThat(browser.present("#email-resend")).isFalse();

    browser.find("#email-remove").click();
    browser.waitFor(d -> "none".equals(state("#email-state")));
    assertThat(me(user).getString("email")).isNull();
  }

  @Test
  void anAddressTheServerRefusesIsNamedInTheUsersLanguage() {
    openPreferences();
    browser.script("document.getElementById('email-input').type = 'text';");
    browser.find("#email-input").sendKeys("not an address");

    browser.find("#email-form button[type='submit']").click();

    browser.waitFor(d -> !browser.text("#email-message").isEmpty());
    assertThat(browser.text("#email-message")).isEqualTo("Please check “Email address”: that value is not accepted.");
    assertThat(state("#email-state")).isEqualTo("none");
  }

  @Test
  void choosingGreekStoresTheLocaleAndSwitchesTheDashboardAndTheLanguageButtonSwitchesBoth() {
    TestUser user = openPreferences();

    new Select(browser.find("#locale-select")).selectByValue("el");

    browser.waitFor(d -> "Προτιμήσεις".equals(browser.text("#main h1")));
    assertThat(browser.text("#email-card h2")).isEqualTo("Διεύθυνση email");
    assertThat(browser.text("#telegram-card h2")).isEqualTo("Το Telegram σας");
    assertThat(browser.text("a[href='#/complaints']")).isEqualTo("Παράπονα");
    assertThat(browser.script("return document.documentElement.lang;")).isEqualTo("el");
    assertThat(me(user).getString("locale")).isEqualTo("el");

    browser.find(".topbar .lang-toggle").click();

    browser.waitFor(d -> "Preferences".equals(browser.text("#main h1")));
    Await.until("the account's language follows the button", () -> "en".equals(me(user).getString("locale")));
  }

  @Test
  void signingInShowsTheDashboardInTheAccountsLanguage() {
    TestUser user = api.newUser(rootAdmin, "porter");
    api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("locale", "el"));

    browser.login(user.username(), "password-" + user.username());

    browser.waitFor(d -> "Παράπονα".equals(browser.text("#main h1")));
    browser.find(".topbar .lang-toggle").click();
    browser.waitFor(d -> "Complaints".equals(browser.text("#main h1")));
  }

  @Test
  void theTimeZoneDefaultsToTheBrowsersAndTheChosenOneIsStored() {
    TestUser user = openPreferences();
    Object browserZone = browser.script("return Intl.DateTimeFormat().resolvedOptions().timeZone;");
    assertThat(new Select(browser.find("#zone-select")).getFirstSelectedOption().getAttribute("value")).isEqualTo(browserZone);
    assertThat(me(user).getString("time_zone")).as("suggested, not stored").isNull();

    new Select(browser.find("#zone-select")).selectByValue("Asia/Tokyo");
    browser.find("#zone-form button[type='submit']").click();

    Await.until("the zone is stored", () -> "Asia/Tokyo".equals(me(user).getString("time_zone")));
    browser.script("location.reload();");
    browser.waitFor(d -> browser.present("#zone-select"));
    assertThat(new Select(browser.find("#zone-select")).getFirstSelectedOption().getAttribute("value")).isEqualTo("Asia/Tokyo");
  }

  @Test
  void aZoneTheServerDoesNotKnowIsRefusedWithAClearMessage() {
    TestUser user = openPreferences();
    browser.script("const o = document.createElement('option'); o.value = 'Mars/Olympus_Mons'; o.textContent = 'Mars';"
      + "const s = document.getElementById('zone-select'); s.append(o); s.value = 'Mars/Olympus_Mons';");

    browser.find("#zone-form button[type='submit']").click();

    browser.waitFor(d -> !browser.text("#zone-message").isEmpty());
    assertThat(browser.text("#zone-message")).isEqualTo("Please check “Time zone”: that value is not accepted.");
    assertThat(me(user).getString("time_zone")).isNull();
  }

  @Test
  void theCardShowsAChatLinkedOrUnlinkedThroughTheBotAsItHappensAndUnlinksFromThePage() {
    TestUser user = openPreferences();
    assertThat(state("#telegram-state")).isEqualTo("unlinked");

    browser.find("#telegram-link").click();

    browser.waitFor(d -> browser.present("#telegram-deep-link"));
    String command = browser.text("#telegram-command");
    assertThat(command).startsWith("/start ");
    String code = command.substring("/start ".length());
    assertThat(browser.find("#telegram-deep-link").getAttribute("href")).isEqualTo("https://t.me/" + BOT + "?start=" + code);
    long chat = TelegramNodes.newChatId();
    assertThat(chats.say(chat, command)).contains("now linked");

    browser.waitFor(d -> browser.present("#telegram-state") && "linked".equals(state("#telegram-state")));
    assertThat(browser.text("#telegram-state")).contains("Your Telegram chat is linked.");
    JsonObject link = api.get("/api/v1/auth/me/telegram-link", user.token()).bodyAsJsonObject();
    assertThat(link.getBoolean("available")).isTrue();
    assertThat(link.getBoolean("linked")).isTrue();
    assertThat(link.getString("linked_at")).isNotBlank();
    assertThat(sql.longs("SELECT chat_id FROM telegram_links WHERE user_id = $1", user.id())).containsExactly(chat);

    chats.say(chat, "/stop");
    browser.waitFor(d -> "unlinked".equals(state("#telegram-state")));
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE user_id = $1", user.id())).isZero();

    browser.find("#telegram-link").click();
    browser.waitFor(d -> browser.present("#telegram-command"));
    chats.say(chat, browser.text("#telegram-command"));
    browser.waitFor(d -> browser.present("#telegram-state") && "linked".equals(state("#telegram-state")));

    browser.find("#telegram-unlink").click();

    browser.waitFor(d -> "unlinked".equals(state("#telegram-state")));
    assertThat(api.get("/api/v1/auth/me/telegram-link", user.token()).bodyAsJsonObject().getBoolean("linked")).isFalse();
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE user_id = $1", user.id())).isZero();
  }

  @Test
  void onA390PixelPhoneThePageFitsWithAnOpenLinkCodeAndAWaitingAddress() {
    ChromeDriver chrome = (ChromeDriver) browser.driver();
    chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
      Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      openPreferences();
      browser.script("document.getElementById('telegram-link').scrollIntoView({block: 'center'});");
      browser.find("#telegram-link").click();
      browser.waitFor(d -> browser.present("#telegram-deep-link"));
      browser.find("#email-input").sendKeys(MailNodes.newAddress("a-rather-long-domain-name-for-a-phone.example.org"));
      browser.script("document.getElementById('email-form').scrollIntoView({block: 'center'});");
      browser.find("#email-form button[type='submit']").click();
      browser.waitFor(d -> "pending".equals(state("#email-state")));

      browser.script("window.scrollTo(0, 0);");
      browser.screenshot("preferences-390.png");
      browser.script("document.getElementById('telegram-card').scrollIntoView();");
      browser.screenshot("preferences-telegram-390.png");
      assertThat(browser.script("return window.innerWidth;")).isEqualTo(390L);
      assertThat((List<?>) browser.script("return [...document.querySelectorAll('#main *')]"
        + ".filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '.' + e.className + '#' + e.id);")).isEmpty();
      assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
    } finally {
      chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }
}
