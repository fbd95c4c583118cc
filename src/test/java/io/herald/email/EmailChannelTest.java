package io.herald.email;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.bus.Addresses;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.MailNodeTest;
import io.herald.support.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald sends real SMTP to GreenMail: the verification mail and its confirmation page, notification mails only to
 * verified addresses with the email switch on, and the mark-read link that marks exactly its notification read.
 */
class EmailChannelTest extends MailNodeTest {

  @Test
  void anAddressTheUserSetsIsConfirmedByThePagesButtonNotByOpeningTheLink() throws Exception {
    TestUser user = api.newUser(admin, "student");
    String address = MailNodes.newAddress("example.org");
    HttpResponse<Buffer> set = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(),
      new JsonObject().put("email", address).put("locale", "el").put("time_zone", "Europe/Athens"));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getBoolean("email_verified")).isFalse();
    assertThat(set.bodyAsJsonObject().getString("locale")).isEqualTo("el");
    assertThat(set.bodyAsJsonObject().getString("time_zone")).isEqualTo("Europe/Athens");

    Await.until("the verification mail arrives", () -> Mails.to(mail, address).size() == 1);
    MimeMessage verification = Mails.to(mail, address).get(0);
    assertThat(Mails.subject(verification)).as("in the user's language").isEqualTo("Επιβεβαιώστε τη διεύθυνση email σας για το Herald");
    String text = Mails.part(verification, "text/plain");
    assertThat(text).contains("Ο σύνδεσμος ισχύει έως").contains("(Europe/Athens)");
    assertThat(Mails.part(verification, "text/html")).contains("https://herald.example/mail/verify?token");
    String token = Mails.token(text, "/mail/verify");

    HttpResponse<Buffer> page = Await.await(web.get("/mail/verify").addQueryParam("token", token).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Cache-Control")).as("the page holds the link's token: never stored").isEqualTo("no-store");
    assertThat(page.bodyAsString()).as("in the user's language").contains("<html lang=\"el\">").contains("<form method=\"post\"")
      .contains("<h1>Επιβεβαιώστε τη διεύθυνση email σας</h1>").contains("<button type=\"submit\">Επιβεβαίωση</button>");
    assertThat(me(user).getBoolean("email_verified")).as("a GET confirms nothing").isFalse();

    assertThat(post("/mail/verify", tampered(token)).statusCode()).isEqualTo(400);
    assertThat(me(user).getBoolean("email_verified")).isFalse();

    HttpResponse<Buffer> confirmed = post("/mail/verify", token);
    assertThat(confirmed.statusCode()).as(confirmed.bodyAsString()).isEqualTo(200);
    assertThat(confirmed.bodyAsString()).contains("<h1>Έγινε</h1>")
      .contains("Η διεύθυνση email σας " + address + " επιβεβαιώθηκε.");
    assertThat(me(user).getBoolean("email_verified")).isTrue();
  }

  @Test
  void aLinkThatNamesNobodyIsRefusedInTheBrowsersLanguageWhenHeraldHasIt() {
    LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET));
    String expired = tokens.read(1, 1, Instant.now().minusSeconds(5));

    HttpResponse<Buffer> greek = Await.await(web.get("/mail/read").addQueryParam("token", expired)
      .putHeader("Accept-Language", "el-GR, el;q=0.9, en;q=0.5").send());
    HttpResponse<Buffer> german = Await.await(web.get("/mail/read").addQueryParam("token", "not-a-link")
      .putHeader("Accept-Language", "de").send());

    assertThat(greek.statusCode()).isEqualTo(410);
    assertThat(greek.bodyAsString()).contains("<html lang=\"el\">").contains("Αυτός ο σύνδεσμος έχει λήξει.");
    assertThat(german.statusCode()).isEqualTo(400);
    assertThat(german.bodyAsString()).contains("<html lang=\"en\">")
      .contains("This link is not valid: it may have been cut short or altered.");
  }

  @Test
  void aLinkForAnAddressSinceChangedConfirmsNothing() {
    TestUser user = api.newUser(admin, "student");
    String first = MailNodes.newAddress("example.org");
    String second = MailNodes.newAddress("example.org");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", first)).statusCode())
      .isEqualTo(200);
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", second)).statusCode())
      .isEqualTo(200);
    LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET));

    assertThat(post("/mail/verify", tokens.verify(user.id(), first, Instant.now().plusSeconds(60))).statusCode()).isEqualTo(409);
    assertThat(me(user).getBoolean("email_verified")).isFalse();
    assertThat(post("/mail/verify", tokens.verify(user.id(), second, Instant.now().plusSeconds(60))).statusCode()).isEqualTo(200);
    assertThat(me(user).getBoolean("email_verified")).isTrue();
  }

  @Test
  void otherPartsOfHeraldQueueMailsOverTheBusToVerifiedAddressesOnly() {
    TestUser verified = userWithAddress(true, false);
    TestUser unverified = userWithAddress(false, false);
    notify(verified, "Queued by the bus");
    long notification = notificationId(verified, "Queued by the bus");
    JsonArray messages = new JsonArray();
    for (TestUser user : List.of(verified, unverified)) {
      messages.add(new JsonObject().put("dedupe_key", "test:" + user.id()).put("user_id", user.id())
        .put("notification_id", notification).put("template", "notification")
        .put("params", new JsonObject().put("title", "Queued by the bus").put("message", "A later step")));
    }
    JsonObject reply = Await.await(vertx.eventBus().<JsonObject>request(Addresses.EMAIL_OUTBOX_ENQUEUE,
      new JsonObject().put("messages", messages))).body();
    assertThat(reply.getInteger("inserted")).isEqualTo(1);

    String address = me(verified).getString("email");
    Await.until("the queued mail arrives", () -> Mails.to(mail, address).size() == 1);
    assertThat(Mails.subject(Mails.to(mail, address).get(0))).isEqualTo("Queued by the bus");
  }

  @Test
  void settingAnAddressIsLimitedPerHourSoNoOneCanMailAnAddressAgainAndAgain() {
    TestUser user = api.newUser(admin, "student");
    String victim = MailNodes.newAddress("example.org");
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> again = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", victim));
      assertThat(again.statusCode()).as("change %d: %s", i + 1, again.bodyAsString()).isEqualTo(200);
    }
    Await.until("five confirmation mails", () -> Mails.to(mail, victim).size() == 5);

    String other = MailNodes.newAddress("example.org");
    HttpResponse<Buffer> refused = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(),
      new JsonObject().put("email", other).put("locale", "el"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(429);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 3600L);
    assertThat(me(user).getString("email")).as("nothing changed").isEqualTo(victim);
    assertThat(me(user).getString("locale")).as("nothing changed").isEqualTo("en");

    HttpResponse<Buffer> language = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("locale", "el"));
    assertThat(language.statusCode()).as("a change without an address is not limited").isEqualTo(200);
    HttpResponse<Buffer> removed = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().putNull("email"));
    assertThat(removed.statusCode()).as("nor is removing the address").isEqualTo(200);
    assertThat(Mails.to(mail, other)).isEmpty();
    assertThat(Mails.to(mail, victim)).hasSize(5);
  }

  @Test
  void oneAddressIsSetAtMostFiveTimesAnHourHoweverManyAccountsAsk() {
    String victim = MailNodes.newAddress("example.org");
    for (int i = 0; i < 5; i++) {
      TestUser user = api.newUser(admin, "student");
      HttpResponse<Buffer> set = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(),
        new JsonObject().put("email", i % 2 == 0 ? victim : victim.toUpperCase(Locale.ROOT)));
      assertThat(set.statusCode()).as("account %d: %s", i + 1, set.bodyAsString()).isEqualTo(200);
    }
    Await.until("five confirmation mails", () -> Mails.to(mail, victim).size() == 5);

    TestUser sixth = api.newUser(admin, "student");
    HttpResponse<Buffer> refused = api.send(HttpMethod.PATCH, "/api/v1/auth/me", sixth.token(),
      new JsonObject().put("email", victim));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(429);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("this email address");
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 3600L);
    assertThat(me(sixth).getValue("email")).as("nothing changed").isNull();

    String own = MailNodes.newAddress("example.org");
    HttpResponse<Buffer> another = api.send(HttpMethod.PATCH, "/api/v1/auth/me", sixth.token(), new JsonObject().put("email", own));
    assertThat(another.statusCode()).as("another address is not held back: %s", another.bodyAsString()).isEqualTo(200);
    Await.until("its confirmation mail", () -> Mails.to(mail, own).size() == 1);
    assertThat(Mails.to(mail, victim)).hasSize(5);
  }

  @Test
  void profileFieldsAreValidated() {
    TestUser user = api.newUser(admin, "student");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("time_zone", "Mars/Olympus"))
      .statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("locale", "fr"))
      .statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badAddress = api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(),
      new JsonObject().put("email", "not an address"));
    assertThat(badAddress.statusCode()).isEqualTo(400);
    assertThat(badAddress.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aNotificationIsMailedOnlyToAVerifiedAddressWithTheSwitchOn() {
    TestUser on = userWithAddress(true, true);
    TestUser off = userWithAddress(true, false);
    TestUser unverified = userWithAddress(false, true);
    notify(off, "For off");
    notify(unverified, "For unverified");
    notify(on, "Boiler <b>broken</b> & cold");

    String address = me(on).getString("email");
    Await.until("the notification mail arrives", () -> Mails.to(mail, address).size() == 1);
    MimeMessage message = Mails.to(mail, address).get(0);
    assertThat(Mails.subject(message)).isEqualTo("Boiler <b>broken</b> & cold");
    assertThat(Mails.part(message, "text/plain")).contains("Boiler <b>broken</b> & cold").contains("/mail/read?token=");
    assertThat(Mails.part(message, "text/html")).contains("Boiler &lt;b&gt;broken&lt;/b&gt; &amp; cold")
      .doesNotContain("<b>broken</b>").contains("https://herald.example/");

    assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE user_id = ANY($1) AND template = 'notification'",
      (Object) new Long[] {off.id(), unverified.id()})).isZero();
    assertThat(Mails.to(mail, me(off).getString("email"))).isEmpty();
    assertThat(Mails.to(mail, me(unverified).getString("email"))).as("only the verification mail").hasSize(1);
  }

  @Test
  void theMarkReadLinkMarksExactlyItsNotificationRead() {
    TestUser user = userWithAddress(true, true);
    TestUser other = userWithAddress(true, true);
    notify(user, "First");
    notify(user, "Second");
    notify(other, "Someone else's");
    String address = me(user).getString("email");
    Await.until("both mails arrive", () -> Mails.to(mail, address).size() == 2);
    MimeMessage first = Mails.to(mail, address).stream().filter(m -> Mails.subject(m).equals("First")).findFirst().orElseThrow();
    String token = Mails.token(Mails.part(first, "text/plain"), "/mail/read");
    long firstId = notificationId(user, "First");
    long secondId = notificationId(user, "Second");
    long othersId = notificationId(other, "Someone else's");

    HttpResponse<Buffer> page = Await.await(web.get("/mail/read").addQueryParam("token", token).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("Mark as read");
    assertThat(readAt(user, firstId)).as("a GET marks nothing").isNull();

    HttpResponse<Buffer> refused = Await.await(web.post("/mail/read").putHeader("Accept", "application/json")
      .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", tampered(token))));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(readAt(user, firstId)).isNull();

    HttpResponse<Buffer> marked = post("/mail/read", token);
    assertThat(marked.statusCode()).as(marked.bodyAsString()).isEqualTo(200);
    assertThat(readAt(user, firstId)).isNotNull();
    assertThat(readAt(user, secondId)).isNull();
    assertThat(readAt(other, othersId)).isNull();
  }

  @Test
  void expiredOrMisdirectedLinksAreRefused() {
    TestUser user = userWithAddress(true, true);
    TestUser other = userWithAddress(true, true);
    notify(user, "Mine");
    notify(other, "Theirs");
    long mine = notificationId(user, "Mine");
    long theirs = notificationId(other, "Theirs");
    LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET));

    HttpResponse<Buffer> expired = post("/mail/read", tokens.read(user.id(), mine, Instant.now().minusSeconds(5)));
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.bodyAsString()).contains("expired");
    assertThat(post("/mail/read", tokens.verify(user.id(), "x@example.org", Instant.now().plusSeconds(60))).statusCode())
      .as("a link for another purpose").isEqualTo(400);
    assertThat(post("/mail/read", tokens.read(user.id(), theirs, Instant.now().plusSeconds(60))).statusCode())
      .as("a link naming another user's notification").isEqualTo(404);
    assertThat(post("/mail/read", new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET + "x"))
      .read(user.id(), mine, Instant.now().plusSeconds(60))).statusCode()).as("signed with another key").isEqualTo(400);
    assertThat(readAt(user, mine)).isNull();
    assertThat(readAt(other, theirs)).isNull();
  }

  @Test
  void quietHoursHoldAMailUntilTheyEndUnlessTheNotificationIsCritical() {
    TestUser user = userWithAddress(true, true);
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    JsonObject preferences = new JsonObject()
      .put("types", new JsonObject().put("system", new JsonObject().put("email", true)))
      .put("quiet_hours", new JsonObject().put("start", hhmm(now.minusHours(1))).put("end", hhmm(now.plusHours(1)))
        .put("zone", "UTC"));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences).statusCode()).isEqualTo(200);
    notify(user, "Quiet one");
    HttpResponse<Buffer> critical = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(user.id())).put("type", "system").put("priority", "critical")
      .put("title", "Gas smell").put("message", "Leave the kitchen"));
    assertThat(critical.statusCode()).as(critical.bodyAsString()).isBetween(200, 202);

    String address = me(user).getString("email");
    Await.until("the critical mail arrives", () -> Mails.to(mail, address).size() == 1);
    assertThat(Mails.subject(Mails.to(mail, address).get(0))).isEqualTo("Gas smell");
    assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE notification_id = $1 AND status = 'pending' "
      + "AND next_attempt_at > now() + interval '30 minutes'", notificationId(user, "Quiet one"))).isEqualTo(1);
  }

  @Test
  void aGreekUsersNotificationMailIsInGreekWithTheDateInTheirTimeZone() throws Exception {
    TestUser user = userWithAddress(true, true);
    HttpResponse<Buffer> set = api.updateUser(admin, user.id(), new JsonObject().put("locale", "el").put("time_zone", "Asia/Tokyo"));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    String address = me(user).getString("email");
    HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject().put("user_ids", new JsonArray().add(user.id()))
      .put("type", "system").put("template", "maintenance").put("params", new JsonObject().put("place", "Block <Ω>").put("work", "Αλλαγή λέβητα")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);

    Await.until("the Greek mail arrives", () -> Mails.to(mail, address).size() == 1);
    MimeMessage message = Mails.to(mail, address).get(0);
    assertThat(Mails.subject(message)).isEqualTo("Εργασίες συντήρησης: Block <Ω>");
    Instant created = Instant.parse(api.get("/api/v1/notifications?limit=1", user.token()).bodyAsJsonObject()
      .getJsonArray("items").getJsonObject(0).getString("created_at"));
    String tokyo = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(Locale.forLanguageTag("el"))
      .withZone(ZoneId.of("Asia/Tokyo")).format(created);
    assertThat(Mails.part(message, "text/plain")).contains("Αλλαγή λέβητα. Ζητούμε συγγνώμη για την ταλαιπωρία.")
      .contains("Σήμανση ως αναγνωσμένης: https://herald.example/mail/read?token=").contains(tokyo + " (Asia/Tokyo)");
    assertThat(Mails.part(message, "text/html")).contains("<html lang=\"el\">").contains("Block &lt;Ω&gt;")
      .contains("Άνοιγμα στο Herald");
  }

  private static String hhmm(LocalTime time) {
    return String.format("%02d:%02d", time.getHour(), time.getMinute());
  }

  /** A user with an address (set by an admin: verified; or by themselves: waiting) and the system type's email switch. */
  private static TestUser userWithAddress(boolean verified, boolean emailOn) {
    TestUser user = api.newUser(admin, "student");
    String address = MailNodes.newAddress("example.org");
    HttpResponse<Buffer> set = verified
      ? api.updateUser(admin, user.id(), new JsonObject().put("email", address))
      : api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", address));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getBoolean("email_verified")).isEqualTo(verified);
    JsonObject preferences = new JsonObject().put("types", new JsonObject()
      .put("system", new JsonObject().put("email", emailOn)));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences).statusCode()).isEqualTo(200);
    return user;
  }

  private static void notify(TestUser user, String title) {
    HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(user.id())).put("type", "system").put("title", title).put("message", "About " + title));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isBetween(200, 202);
  }


  private static HttpResponse<Buffer> post(String path, String token) {
    return Await.await(web.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)));
  }

  /** The token with one character of its signature changed. */
  private static String tampered(String token) {
    char last = token.charAt(token.length() - 1);
    return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
  }
}
