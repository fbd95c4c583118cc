package io.herald.email;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A domain's mails leave one at a time, paced; a critical notification's mail goes before the mails already waiting
 * for its domain, not after them.
 */
class UrgentMailTest {

  /** Long enough for the whole queue to be written while the first mail's gap runs. */
  private static final long DOMAIN_GAP_MS = 3_000;

  private static Vertx vertx;
  private static GreenMail mail;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    mail = MailNodes.greenMail();
    herald = TestNode.start(vertx, MailNodes.config(mail.getSmtp().getPort(), new JsonObject().put("domain_gap_ms", DOMAIN_GAP_MS)));
    api = new ApiClient(vertx, herald.httpPort());
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    api.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
    mail.stop();
  }

  @Test
  void aCriticalNotificationsMailGoesBeforeTheMailsWaitingForItsDomain() {
    String domain = "queue-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    List<TestUser> users = List.of(user(domain), user(domain), user(domain), user(domain));
    notify(users.get(0), "Laundry rota 1", "normal");
    Await.until("the first mail to the domain is sent", () -> subjectsTo(domain).size() == 1);
    notify(users.get(1), "Laundry rota 2", "normal");
    notify(users.get(2), "Laundry rota 3", "normal");
    notify(users.get(3), "Gas smell", "critical");

    Await.until("every mail to the domain is sent", () -> subjectsTo(domain).size() == 4);
    assertThat(subjectsTo(domain)).as("in the order the domain's mails left")
      .containsExactly("Laundry rota 1", "Gas smell", "Laundry rota 2", "Laundry rota 3");
  }

  /** A student with an address at the domain, set by an admin (so verified), and the email switch on for notices. */
  private static TestUser user(String domain) {
    TestUser user = api.newUser(admin, "student");
    String address = MailNodes.newAddress(domain);
    assertThat(api.updateUser(admin, user.id(), new JsonObject().put("email", address)).statusCode()).isEqualTo(200);
    JsonObject preferences = new JsonObject().put("types", new JsonObject().put("system", new JsonObject().put("email", true)));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences).statusCode()).isEqualTo(200);
    return user;
  }

  private static void notify(TestUser user, String title, String priority) {
    HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(user.id())).put("type", "system").put("priority", priority)
      .put("title", title).put("message", "About " + title));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isBetween(200, 202);
  }

  /** The subjects of the mails GreenMail received for the domain, in the order it received them. */
  private static List<String> subjectsTo(String domain) {
    return Arrays.stream(mail.getReceivedMessages()).filter(message -> sentTo(message, domain)).map(Mails::subject).toList();
  }

  private static boolean sentTo(MimeMessage message, String domain) {
    try {
      return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().endsWith("@" + domain));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
