package io.herald.email;

import com.icegreen.greenmail.util.GreenMail;
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
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile text sent through the REST API reaches GreenMail only at the intended address, under the subject Herald
 * means, intact in the text part and escaped in the HTML part, or is refused with a 400 problem; the pages behind the
 * links in mails refuse forged, cut, oversized and doubled tokens without changing anything.
 */
class MailInjectionTest extends MailNodeTest {

  private static final String EVIL = "evil@example.org";

  private static final Map<String, String> HEADER_ATTACKS = new LinkedHashMap<>();
  private static final Map<String, String> HTML_ATTACKS = new LinkedHashMap<>();

  static {
    HEADER_ATTACKS.put("CRLF Bcc", "Hello\r\nBcc: " + EVIL);
    HEADER_ATTACKS.put("LF Subject", "Hello\nSubject: forged");
    HEADER_ATTACKS.put("LF Bcc", "Hello\nBcc: " + EVIL);
    HEADER_ATTACKS.put("CR Bcc", "Hello\rBcc: " + EVIL);
    HEADER_ATTACKS.put("CRLF CRLF body", "Hello\r\n\r\nforged body");
    HEADER_ATTACKS.put("NUL", "Nul\u0000here");
    HEADER_ATTACKS.put("lone surrogate", "Half \uD800 a pair");
    HEADER_ATTACKS.put("10k without spaces", "x".repeat(10_000));
    HEADER_ATTACKS.put("Greek and emoji", "Καλημέρα 🔥 νερό δεν υπάρχει ✓");
    HTML_ATTACKS.put("script", "<script>alert(1)</script>");
    HTML_ATTACKS.put("img onerror", "<img src=x onerror=alert(1)>");
    HTML_ATTACKS.put("attribute breakout", "\"><a href=javascript:alert(1)>click</a>");
  }

  @Test
  void hostileNotificationTextIsMailedIntactToItsRecipientAloneOrRefused() {
    SoftAssertions softly = new SoftAssertions();
    Map<String, String> all = new LinkedHashMap<>(HEADER_ATTACKS);
    all.putAll(HTML_ATTACKS);
    all.forEach((name, hostile) -> {
      TestUser user = userWithAddress("system");
      String address = me(user).getString("email");
      HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject()
        .put("user_ids", new JsonArray().add(user.id())).put("type", "system").put("title", hostile).put("message", hostile));
      Optional<MimeMessage> received = acceptedAndMailed(softly, name, sent, user, address);
      received.ifPresent(message -> {
        assertHeaders(softly, name, message, address, hostile);
        assertParts(softly, name, message, hostile);
      });
    });
    assertNobodyElseGotMail(softly);
    softly.assertAll();
  }

  @Test
  void hostileUsernamesAreMailedIntactInTheConfirmationMailOrRefused() {
    SoftAssertions softly = new SoftAssertions();
    Map<String, String> all = new LinkedHashMap<>(HEADER_ATTACKS);
    all.putAll(HTML_ATTACKS);
    all.forEach((name, hostile) -> {
      String username = "u" + System.nanoTime() + hostile;
      String password = "password-" + System.nanoTime();
      HttpResponse<Buffer> created = api.post("/api/v1/users", admin, new JsonObject().put("username", username)
        .put("display_name", hostile).put("password", password).put("role", "student"));
      if (!refusedOrStatus(softly, name + " (user)", created, 201)) {
        return;
      }
      String token = api.login(username, password);
      String address = MailNodes.newAddress("example.org");
      HttpResponse<Buffer> set = api.send(HttpMethod.PATCH, "/api/v1/auth/me", token, new JsonObject().put("email", address));
      softly.assertThat(set.statusCode()).as("%s: setting the address: %s", name, set.bodyAsString()).isEqualTo(200);
      Optional<MimeMessage> received = waitForMail(softly, name, created.bodyAsJsonObject().getLong("id"), address);
      received.ifPresent(message -> {
        softly.assertThat(recipients(message)).as("%s: recipients", name).containsExactly(address);
        softly.assertThat(header(message, "Bcc")).as("%s: Bcc", name).isNull();
        softly.assertThat(Mails.subject(message)).as("%s: subject", name).isEqualTo("Confirm your email address for Herald");
        softly.assertThat(lines(Mails.part(message, "text/plain"))).as("%s: text part", name).contains(lines(username));
        String html = Mails.part(message, "text/html");
        softly.assertThat(html).as("%s: html part", name).doesNotContain("<script").doesNotContain("<img src=x")
          .doesNotContain("\"><a href=javascript");
      });
    });
    assertNobodyElseGotMail(softly);
    softly.assertAll();
  }

  @Test
  void hostileComplaintFieldsAndReporterNamesReachAnAdminsMailIntactOrAreRefused() {
    SoftAssertions softly = new SoftAssertions();
    TestUser watcher = userWithAddress("new_complaint");
    String address = me(watcher).getString("email");
    Map<String, String> all = new LinkedHashMap<>(HEADER_ATTACKS);
    all.putAll(HTML_ATTACKS);
    all.forEach((name, hostile) -> {
      TestUser student = api.newUser(admin, "student");
      HttpResponse<Buffer> named = api.updateUser(admin, student.id(), new JsonObject().put("display_name", hostile));
      refusedOrStatus(softly, name + " (display name)", named, 200);
      int before = Mails.to(mail, address).size();
      HttpResponse<Buffer> complaint = api.post("/api/v1/complaints", student.token(), new JsonObject()
        .put("description", "D " + hostile).put("category", "heating").put("hostel", "A").put("room", "101")
        .put("severity", "low"));
      if (!refusedOrStatus(softly, name + " (complaint)", complaint, 201)) {
        return;
      }
      long id = complaint.bodyAsJsonObject().getLong("id");
      try {
        Await.until(name + ": the complaint mail", () -> Mails.to(mail, address).size() > before);
      } catch (AssertionError e) {
        softly.fail("%s: no mail for complaint %d; outbox: %s", name, id, outbox(watcher.id()));
        return;
      }
      MimeMessage message = Mails.to(mail, address).stream().filter(m -> Mails.subject(m).contains("#" + id)).findFirst()
        .orElseThrow();
      softly.assertThat(recipients(message)).as("%s: recipients", name).containsExactly(address);
      softly.assertThat(header(message, "Bcc")).as("%s: Bcc", name).isNull();
      softly.assertThat(Mails.subject(message)).as("%s: subject", name).isEqualTo("New low complaint #" + id);
      softly.assertThat(lines(Mails.part(message, "text/plain"))).as("%s: text part", name).contains(lines("D " + hostile));
      softly.assertThat(Mails.part(message, "text/html")).as("%s: html part", name).doesNotContain("<script")
        .doesNotContain("<img src=x").doesNotContain("\"><a href=javascript");
    });
    assertNobodyElseGotMail(softly);
    softly.assertAll();
  }

  @Test
  void forgedCutOversizedAndForeignReadLinksChangeNothing() {
    TestUser user = userWithAddress("system");
    TestUser other = userWithAddress("system");
    long mine = notification(user, "Mine to read");
    long theirs = notification(other, "Theirs to read");
    LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET));
    String genuine = tokens.read(user.id(), mine, Instant.now().plusSeconds(600));
    SoftAssertions softly = new SoftAssertions();

    Map<String, String> bad = badTokens(genuine);
    bad.put("another user's notification", tokens.read(user.id(), theirs, Instant.now().plusSeconds(600)));
    bad.put("a verify link", tokens.verify(user.id(), me(user).getString("email"), Instant.now().plusSeconds(600)));
    probeLinks(softly, LinkTokens.READ_PATH, genuine, bad);

    softly.assertThat(readAt(user, mine)).as("my notification stays unread").isNull();
    softly.assertThat(readAt(other, theirs)).as("theirs stays unread").isNull();
    softly.assertAll();
  }

  @Test
  void forgedCutOversizedAndForeignVerifyLinksChangeNothing() {
    TestUser user = api.newUser(admin, "student");
    TestUser other = api.newUser(admin, "student");
    String address = MailNodes.newAddress("example.org");
    String othersAddress = MailNodes.newAddress("example.org");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("email", address)).statusCode())
      .isEqualTo(200);
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", other.token(), new JsonObject().put("email", othersAddress))
      .statusCode()).isEqualTo(200);
    LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey(TestNode.JWT_SECRET));
    String genuine = tokens.verify(user.id(), address, Instant.now().plusSeconds(600));
    SoftAssertions softly = new SoftAssertions();

    Map<String, String> bad = badTokens(genuine);
    bad.put("my id with another's address", tokens.verify(user.id(), othersAddress, Instant.now().plusSeconds(600)));
    bad.put("a read link", tokens.read(user.id(), 1, Instant.now().plusSeconds(600)));
    probeLinks(softly, LinkTokens.VERIFY_PATH, genuine, bad);

    softly.assertThat(me(user).getBoolean("email_verified")).as("my address stays unverified").isFalse();
    softly.assertThat(me(other).getBoolean("email_verified")).as("theirs stays unverified").isFalse();
    softly.assertAll();
  }

  /** Every bad token by GET and POST, raw query garbage, and forms without a token or with two: all 4xx. */
  private static void probeLinks(SoftAssertions softly, String path, String genuine, Map<String, String> bad) {
    bad.forEach((name, token) -> {
      HttpResponse<Buffer> page = Await.await(web.get(path).addQueryParam("token", token).send());
      softly.assertThat(page.statusCode()).as("GET %s with %s: %s", path, name, page.bodyAsString())
        .isBetween(name.startsWith("another") || name.startsWith("my id") ? 200 : 400, 499);
      HttpResponse<Buffer> posted = postForm(path, MultiMap.caseInsensitiveMultiMap().add("token", token));
      softly.assertThat(posted.statusCode()).as("POST %s with %s: %s", path, name, posted.bodyAsString()).isBetween(400, 499);
    });
    for (String query : List.of("token=%zz", "token=%", "token=%E2%82", "token=%00", "token=%0d%0aSet-Cookie:%20x=1",
      "token=" + genuine + "%", "token=&token=" + genuine, "token=" + genuine + "&token=" + genuine + "x", "")) {
      HttpResponse<Buffer> page = Await.await(web.get(path + "?" + query).send());
      boolean holdsGenuine = query.contains(genuine + "&") || query.endsWith("=" + genuine);
      softly.assertThat(page.statusCode()).as("GET %s?%s: %s", path, abbreviate(query), page.bodyAsString())
        .isBetween(holdsGenuine ? 200 : 400, 499);
      softly.assertThat(page.headers().names()).as("GET %s?%s: headers", path, abbreviate(query)).doesNotContain("Set-Cookie");
    }
    Map<String, MultiMap> forms = new LinkedHashMap<>();
    forms.put("no token", MultiMap.caseInsensitiveMultiMap().add("other", genuine));
    forms.put("an empty token", MultiMap.caseInsensitiveMultiMap().add("token", ""));
    forms.put("a forged then the genuine token", MultiMap.caseInsensitiveMultiMap().add("token", genuine + "x").add("token", genuine));
    forms.put("the genuine then a forged token", MultiMap.caseInsensitiveMultiMap().add("token", genuine).add("token", genuine + "x"));
    forms.put("the genuine token twice", MultiMap.caseInsensitiveMultiMap().add("token", genuine).add("token", genuine));
    forms.forEach((name, form) -> {
      HttpResponse<Buffer> posted = postForm(path, form);
      softly.assertThat(posted.statusCode()).as("POST %s with %s: %s", path, name, posted.bodyAsString()).isBetween(400, 499);
    });
    for (String raw : List.of("token=%zz", "token=" + "A".repeat(10_000), "token", "=&&=", "token=%00")) {
      HttpResponse<Buffer> posted = Await.await(web.post(path).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer(raw)));
      softly.assertThat(posted.statusCode()).as("POST %s body %s: %s", path, abbreviate(raw), posted.bodyAsString())
        .isBetween(400, 499);
    }
    HttpResponse<Buffer> json = Await.await(web.post(path).sendJsonObject(new JsonObject().put("token", genuine)));
    softly.assertThat(json.statusCode()).as("POST %s as JSON", path).isEqualTo(415);
  }

  private static Map<String, String> badTokens(String genuine) {
    Map<String, String> bad = new LinkedHashMap<>();
    String[] halves = genuine.split("\\.");
    bad.put("forged", "eyJwIjoicmVhZCIsInUiOjEsIm4iOjEsIngiOjk5OTk5OTk5OTl9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    bad.put("truncated", genuine.substring(0, genuine.length() - 5));
    bad.put("claims only", halves[0]);
    bad.put("claims and a dot", halves[0] + ".");
    bad.put("three parts", genuine + "." + halves[1]);
    bad.put("10k long", "A".repeat(10_000));
    bad.put("10k after the genuine", genuine + "A".repeat(10_000));
    bad.put("percent garbage", "%zz%%%E2%82");
    bad.put("not base64", "!!!.@@@");
    bad.put("CRLF", genuine + "\r\nSet-Cookie: x=1");
    bad.put("non-ASCII", "Καλημέρα.🔥");
    bad.put("NUL", genuine + "\u0000");
    bad.put("claims not JSON", "bm90IGpzb24." + halves[1]);
    return bad;
  }

  private static HttpResponse<Buffer> postForm(String path, MultiMap form) {
    return Await.await(web.post(path).sendForm(form));
  }

  /** True when the request was accepted with {@code accepted}; a refusal must be a 400 problem, never 5xx. */
  private static boolean refusedOrStatus(SoftAssertions softly, String name, HttpResponse<Buffer> response, int accepted) {
    if (response.statusCode() == accepted) {
      return true;
    }
    softly.assertThat(response.statusCode()).as("%s: %s", name, response.bodyAsString()).isEqualTo(400);
    softly.assertThat(response.getHeader("Content-Type")).as("%s: refused as a problem", name).isEqualTo("application/problem+json");
    return false;
  }

  private static Optional<MimeMessage> acceptedAndMailed(SoftAssertions softly, String name, HttpResponse<Buffer> sent,
                                                         TestUser user, String address) {
    if (sent.statusCode() != 201 && sent.statusCode() != 202) {
      refusedOrStatus(softly, name, sent, 201);
      return Optional.empty();
    }
    return waitForMail(softly, name, user.id(), address);
  }

  /** The mail to the address, or a soft failure naming the outbox row when it did not come (failed, or never sent). */
  private static Optional<MimeMessage> waitForMail(SoftAssertions softly, String name, long userId, String address) {
    try {
      Await.until(name + ": the mail", () -> !Mails.to(mail, address).isEmpty()
        || sql.count("SELECT count(*) FROM email_outbox WHERE user_id = $1 AND status = 'failed'", userId) > 0);
    } catch (AssertionError e) {
      softly.fail("%s: no mail; outbox: %s", name, outbox(userId));
      return Optional.empty();
    }
    List<MimeMessage> mails = Mails.to(mail, address);
    if (mails.isEmpty()) {
      softly.fail("%s: accepted but never mailed; outbox: %s", name, outbox(userId));
      return Optional.empty();
    }
    softly.assertThat(mails).as("%s: one mail", name).hasSize(1);
    return Optional.of(mails.get(0));
  }

  private static void assertHeaders(SoftAssertions softly, String name, MimeMessage message, String address, String title) {
    softly.assertThat(recipients(message)).as("%s: recipients", name).containsExactly(address);
    softly.assertThat(header(message, "Bcc")).as("%s: Bcc", name).isNull();
    softly.assertThat(header(message, "To")).as("%s: To", name).isEqualTo(address);
    softly.assertThat(headerCount(message, "Subject")).as("%s: Subject headers", name).isEqualTo(1);
    String oneLine = title.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
      .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    if (oneLine.codePoints().allMatch(Character::isBmpCodePoint)) {
      softly.assertThat(Mails.subject(message)).as("%s: subject, on one line", name).isEqualTo(oneLine);
    } else {
      // vertx-mail-client 5.0.8 encodes a subject one UTF-16 unit at a time: a character beyond the BMP (an emoji)
      // comes out as "??" (docs/channels.md); everything else of the subject is intact
      softly.assertThat(Mails.subject(message)).as("%s: subject, on one line", name)
        .isEqualTo(oneLine.codePoints().mapToObj(c -> Character.isBmpCodePoint(c) ? Character.toString(c) : "??")
          .collect(Collectors.joining()));
    }
  }

  private static void assertParts(SoftAssertions softly, String name, MimeMessage message, String hostile) {
    softly.assertThat(lines(Mails.part(message, "text/plain"))).as("%s: text part", name).contains(lines(hostile));
    String html = Mails.part(message, "text/html");
    softly.assertThat(html).as("%s: html part", name).doesNotContain("<script").doesNotContain("<img src=x")
      .doesNotContain("\"><a href=javascript");
    if (hostile.startsWith("<") || hostile.startsWith("\"")) {
      softly.assertThat(html).as("%s: html part escaped", name).contains(hostile.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;").replace("\"", "&quot;").replace("=", "&#61;"));
    }
  }

  /** No SMTP envelope ever named the injected address (GreenMail makes a mailbox for each RCPT TO it accepts). */
  private static void assertNobodyElseGotMail(SoftAssertions softly) {
    softly.assertThat(mail.getUserManager().getUserByEmail(EVIL)).as("a mailbox for " + EVIL).isNull();
  }

  /** Line ends as a text part may canonicalise them: CR, LF, CRLF (and a CR before a CRLF) are one line break. */
  private static String lines(String text) {
    return text.replaceAll("\r*\n|\r", "\n");
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      Address[] all = message.getAllRecipients();
      List<String> listed = all == null ? List.of() : Arrays.stream(all).map(Address::toString).toList();
      Address[] bcc = message.getRecipients(RecipientType.BCC);
      return bcc == null ? listed : java.util.stream.Stream.concat(listed.stream(), Arrays.stream(bcc).map(Address::toString)).toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(MimeMessage message, String name) {
    try {
      return message.getHeader(name, ",");
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int headerCount(MimeMessage message, String name) {
    try {
      String[] values = message.getHeader(name);
      return values == null ? 0 : values.length;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String outbox(long userId) {
    return sql.strings("SELECT status || ' ' || coalesce(last_error, '') FROM email_outbox WHERE user_id = $1", userId).toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  /** A user with a verified address (set by an admin) and the email switch on for one notification type. */
  private static TestUser userWithAddress(String type) {
    TestUser user = api.newUser(admin, "admin".equals(type) || "new_complaint".equals(type) ? "admin" : "student");
    HttpResponse<Buffer> set = api.updateUser(admin, user.id(), new JsonObject().put("email", MailNodes.newAddress("example.org")));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    JsonObject preferences = new JsonObject().put("types", new JsonObject().put(type, new JsonObject().put("email", true)));
    HttpResponse<Buffer> put = api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences);
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    return user;
  }

  private static long notification(TestUser user, String title) {
    assertThat(api.notify(admin, user.id(), title).statusCode()).isBetween(200, 202);
    return notificationId(user, title);
  }
}
