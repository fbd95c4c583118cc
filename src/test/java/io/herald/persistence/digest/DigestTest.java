package io.herald.persistence.digest;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.email.Mails;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.Problem;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily digest by email: switched on in the preferences, due from the user's own hour in their time zone, in their
 * language, at most {@code max_items} notifications and "and N more", once a day, and nothing when nothing is unread.
 */
@ExtendWith(VertxExtension.class)
class DigestTest {

  private static GreenMail mail;
  private static Vertx vertx;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static DigestUsers users;

  @BeforeAll
  static void start(Vertx shared) {
    vertx = shared;
    mail = MailNodes.greenMail();
    node = TestNode.start(vertx, MailNodes.config(mail.getSmtp().getPort())
      .with(Settings.DIGEST_TUNING.key(), new JsonObject().put("interval_ms", 100).put("max_items", 2).encode()));
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    users = new DigestUsers(api, sql, api.adminToken());
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    sql.close();
    api.close();
    mail.stop();
  }

  @Test
  void aGreekUserGetsOneDigestInGreekFromTheirOwnHourOn() {
    String zone = DigestUsers.zone();
    int hour = DigestUsers.localHour(zone);
    String address = MailNodes.newAddress("digest.example");
    TestUser user = users.user(address, "el", zone);
    long read = users.notify(user, "Ήδη διαβασμένο");
    users.notify(user, "Πρώτο");
    users.notify(user, "Νερό <κλειστό> & ζεστό");
    users.notify(user, "Ασανσέρ εκτός λειτουργίας");
    users.read(user, read);

    users.digest(user, "email", hour + 2);
    run();
    assertThat(users.runs(user)).as("not due before the hour").isEmpty();

    users.digest(user, "email", hour - 1);
    Await.until("the digest arrives", () -> Mails.to(mail, address).size() == 1);
    MimeMessage digest = Mails.to(mail, address).get(0);
    assertThat(Mails.subject(digest)).isEqualTo("Herald: 3 μη αναγνωσμένες ειδοποιήσεις");
    String text = Mails.part(digest, "text/plain");
    assertThat(text).contains("Ασανσέρ εκτός λειτουργίας").contains("Νερό <κλειστό> & ζεστό")
      .as("max_items 2: the oldest unread is counted, not listed").doesNotContain("Πρώτο").contains("... και 1 ακόμη")
      .doesNotContain("Ήδη διαβασμένο").contains("(" + zone + ")").contains("Άνοιγμα στο Herald: https://herald.example/")
      .contains("https://herald.example/mail/read?token=");
    String html = Mails.part(digest, "text/html");
    assertThat(html).contains("<html lang=\"el\">").contains("Νερό &lt;κλειστό&gt; &amp; ζεστό").doesNotContain("<κλειστό>");

    run();
    run();
    assertThat(users.runs(user)).containsExactly("queued - 3");
    assertThat(users.queuedMails(user)).isEqualTo(1);
    assertThat(Mails.to(mail, address)).as("once a day").hasSize(1);
  }

  @Test
  void nothingIsSentWhenNothingIsUnread() {
    String zone = DigestUsers.zone();
    TestUser allRead = users.user(MailNodes.newAddress("digest.example"), "en", zone);
    users.read(allRead, users.notify(allRead, "Read at once"));
    TestUser none = users.user(MailNodes.newAddress("digest.example"), "en", zone);
    users.digest(allRead, "email", DigestUsers.localHour(zone) - 1);
    users.digest(none, "email", DigestUsers.localHour(zone) - 1);

    run();
    assertThat(users.runs(allRead)).containsExactly("skipped nothing unread 0");
    assertThat(users.runs(none)).containsExactly("skipped nothing unread 0");
    assertThat(users.queuedMails(allRead) + users.queuedMails(none)).isZero();
  }

  @Test
  void anUnverifiedAddressGetsNoDigest() {
    String zone = DigestUsers.zone();
    TestUser user = users.user(null, "en", zone);
    String address = MailNodes.newAddress("digest.example");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", address)).statusCode())
      .isEqualTo(200);
    users.notify(user, "Unread");
    users.digest(user, "email", DigestUsers.localHour(zone) - 1);

    run();
    assertThat(users.runs(user)).containsExactly("skipped no verified email address 1");
    assertThat(users.queuedMails(user)).isZero();
  }

  @Test
  void theDigestIsOffByDefaultAndBadValuesAreRefusedNamingTheField() {
    TestUser user = users.user(null, "en", null);
    JsonObject defaults = api.get("/api/v1/notifications/preferences", user.token()).bodyAsJsonObject();
    assertThat(defaults.getJsonObject("digest")).isEqualTo(new JsonObject().put("enabled", false).put("channel", "email").put("hour", 8));

    assertRefused(user, new JsonObject().put("hour", 24), "digest.hour");
    assertRefused(user, new JsonObject().put("hour", -1), "digest.hour");
    assertRefused(user, new JsonObject().put("hour", 7.5), "digest.hour");
    assertRefused(user, new JsonObject().put("channel", "sms"), "digest.channel");
    assertRefused(user, new JsonObject().put("enabled", "yes"), "digest.enabled");
    assertRefused(user, new JsonObject().put("minute", 30), "digest.minute");

    users.digest(user, "telegram", 0);
    JsonObject saved = api.get("/api/v1/notifications/preferences", user.token()).bodyAsJsonObject();
    assertThat(saved.getJsonObject("digest")).isEqualTo(new JsonObject().put("enabled", true).put("channel", "telegram").put("hour", 0));
    assertThat(saved.getJsonObject("types").getJsonObject("broadcast").getBoolean("in_app")).isTrue();
  }

  @Test
  void aDigestStillWaitingWhenTheAddressChangesIsCancelled() {
    TestUser user = users.user(MailNodes.newAddress("digest.example"), "en", null);
    String old = digestWaitingForAnAddressChanged(user);
    sql.update("UPDATE email_outbox SET next_attempt_at = now() WHERE user_id = $1 AND template = 'digest'", user.id());

    assertCancelledAndNotSentTo(user, old);
  }

  /**
   * A round cancels the stale mails, then claims the due ones: a mail that falls due in between (here while the claim
   * waits for a lock the test holds on the domains' pacing, which only the claim reads) is stale too and is not sent.
   */
  @Test
  void aDigestThatFallsDueBetweenARoundsCancelAndItsClaimIsNotSentToTheOldAddress() throws Exception {
    TestUser user = users.user(MailNodes.newAddress("digest.example"), "en", null);
    String old = digestWaitingForAnAddressChanged(user);

    try (AutoCloseable paused = sql.hold("LOCK TABLE email_domains IN ACCESS EXCLUSIVE MODE")) {
      Await.until("a round's claim waits for the lock", () -> sql.count("SELECT count(*) FROM pg_stat_activity "
        + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE email_outbox e SET claimed_by%'") > 0);
      sql.update("UPDATE email_outbox SET next_attempt_at = now() - interval '1 minute' WHERE user_id = $1 "
        + "AND template = 'digest'", user.id());
    }

    // before: the waiting claim took the mail, cancelled by nobody, and sent it to the old address
    assertCancelledAndNotSentTo(user, old);
  }

  /**
   * Queues a digest for the user's address, due in an hour, then changes their address; answers the old one. Due only
   * once the address has changed: due before it, the mail would rightly be claimed for the old address.
   */
  private static String digestWaitingForAnAddressChanged(TestUser user) {
    String old = sql.strings("SELECT email FROM users WHERE id = $1", user.id()).get(0);
    sql.update("INSERT INTO email_outbox (dedupe_key, user_id, to_address, domain, template, params, next_attempt_at) "
      + "VALUES ('digest:' || $1 || ':waiting', $1, $2, 'digest.example', 'digest', '{\"total\": 0, \"items\": []}', "
      + "now() + interval '1 hour')", user.id(), old);
    HttpResponse<Buffer> changed = api.updateUser(api.adminToken(), user.id(),
      new JsonObject().put("email", MailNodes.newAddress("digest.example")));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    return old;
  }

  private static void assertCancelledAndNotSentTo(TestUser user, String old) {
    Await.until("the waiting digest is cancelled", () -> sql.count("SELECT count(*) FROM email_outbox WHERE user_id = $1 "
      + "AND template = 'digest' AND status = 'cancelled'", user.id()) == 1);
    assertThat(Mails.to(mail, old)).isEmpty();
  }

  @Test
  void handledDaysAreForgottenAfterAWeek() {
    TestUser user = users.user(null, "en", null);
    sql.update("INSERT INTO digest_runs (user_id, local_date, channel, status, created_at) VALUES "
      + "($1, current_date - 8, 'email', 'skipped', now() - interval '8 days'), "
      + "($1, current_date - 6, 'email', 'skipped', now() - interval '6 days')", user.id());

    run();
    assertThat(sql.strings("SELECT (current_date - local_date)::text FROM digest_runs WHERE user_id = $1", user.id()))
      .containsExactly("6");
  }

  @Test
  void aDaysDueTimeFollowsTheZonesSummerTime() {
    assertThat(dueAt("2026-03-28", 8, "Europe/Athens")).as("winter, UTC+2").isEqualTo("2026-03-28 06:00");
    assertThat(dueAt("2026-03-30", 8, "Europe/Athens")).as("summer, UTC+3").isEqualTo("2026-03-30 05:00");
    assertThat(dueAt("2026-03-29", 3, "Europe/Athens")).as("03:00 does not exist that day: the first instant after").isEqualTo("2026-03-29 01:00");
    assertThat(dueAt("2026-10-25", 3, "Europe/Athens")).as("03:00 happens twice: the second, in standard time").isEqualTo("2026-10-25 01:00");
    assertThat(dueAt("2026-11-30", 8, null)).as("no zone: UTC").isEqualTo("2026-11-30 08:00");
  }

  private static String dueAt(String day, int hour, String zone) {
    return sql.strings("SELECT to_char(digest_due_at($1, $2, $3) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')",
      LocalDate.parse(day), hour, zone).get(0);
  }

  private static void assertRefused(TestUser user, JsonObject digest, String field) {
    HttpResponse<Buffer> refused = api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(),
      new JsonObject().put("digest", digest));
    assertThat(Problem.assertProblem(refused, 400).getString("detail")).as(digest.encode()).contains(field);
  }

  private static JsonObject run() {
    return Await.await(vertx.eventBus().<JsonObject>request(Addresses.DIGESTS_RUN, new JsonObject())).body();
  }
}
