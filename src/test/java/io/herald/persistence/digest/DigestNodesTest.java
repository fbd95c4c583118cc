package io.herald.persistence.digest;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.email.Mails;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Herald nodes on one database look for due digests at the same time, each with its own timer and with passes
 * asked for over the bus: every user's digest for the day is queued and mailed once; a node started afterwards sends
 * none again.
 */
@ExtendWith(VertxExtension.class)
class DigestNodesTest {

  private static final int USERS = 12;
  private static final int PASSES_PER_NODE = 3;

  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Herald> nodes = new ArrayList<>();
  private GreenMail mail;

  @BeforeEach
  void start() {
    mail = MailNodes.greenMail();
    for (int i = 0; i < 2; i++) {
      Vertx vertx = Vertx.vertx();
      vertxes.add(vertx);
      nodes.add(TestNode.start(vertx, config()));
    }
  }

  private HeraldConfig config() {
    return MailNodes.config(mail.getSmtp().getPort())
      .with(Settings.DIGEST_TUNING.key(), new JsonObject().put("interval_ms", 20).put("batch", 5).encode());
  }

  @AfterEach
  void stop() {
    nodes.forEach(node -> Await.await(node.stop()));
    vertxes.forEach(vertx -> Await.await(vertx.close()));
    mail.stop();
  }

  @Test
  void eachUsersDigestIsSentOnceWhateverNodesAndPassesRace() {
    ApiClient api = new ApiClient(vertxes.get(0), nodes.get(0).httpPort());
    TestSql sql = new TestSql(vertxes.get(0));
    try {
      DigestUsers users = new DigestUsers(api, sql, api.adminToken());
      String zone = DigestUsers.zone();
      int hour = DigestUsers.localHour(zone);
      List<TestUser> created = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        String address = MailNodes.newAddress("race" + (i % 3) + ".example");
        TestUser user = users.user(address, "en", zone);
        users.notify(user, "Unread " + i);
        users.digest(user, "email", hour + 2);
        created.add(user);
        addresses.add(address);
      }
      Long[] ids = created.stream().map(TestUser::id).toArray(Long[]::new);

      sql.update("UPDATE notification_preferences SET digest_hour = $1 WHERE user_id = ANY($2)", hour - 1, ids);
      List<Future<?>> passes = new ArrayList<>();
      for (int i = 0; i < PASSES_PER_NODE; i++) {
        vertxes.forEach(vertx -> passes.add(vertx.eventBus().request(Addresses.DIGESTS_RUN, new JsonObject())));
      }
      Await.await(Future.all(passes));

      Await.until("every digest is mailed", () -> addresses.stream().allMatch(address -> !Mails.to(mail, address).isEmpty()));
      assertThat(sql.count("SELECT count(*) FROM digest_runs WHERE user_id = ANY($1) AND status = 'queued'", (Object) ids))
        .isEqualTo(USERS);
      assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE user_id = ANY($1) AND template = 'digest'", (Object) ids))
        .isEqualTo(USERS);

      Await.await(nodes.remove(0).stop());
      nodes.add(TestNode.start(vertxes.get(0), config()));
      Await.await(vertxes.get(0).eventBus().request(Addresses.DIGESTS_RUN, new JsonObject()));
      Await.until("no digest mail is left in the outbox", () -> sql.count("SELECT count(*) FROM email_outbox "
        + "WHERE user_id = ANY($1) AND status = 'pending'", (Object) ids) == 0);
      for (String address : addresses) {
        assertThat(Mails.to(mail, address)).as(address).hasSize(1);
      }
      assertThat(sql.count("SELECT count(*) FROM digest_runs WHERE user_id = ANY($1)", (Object) ids)).isEqualTo(USERS);
    } finally {
      sql.close();
      api.close();
    }
  }
}
