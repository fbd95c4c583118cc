package io.herald.persistence.digest;

import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.email.Mails;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.MailNodes;
import io.herald.support.MailingNodes;
import io.herald.support.TestSql;
import io.vertx.core.Future;
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

  private MailingNodes nodes;

  @BeforeEach
  void start() {
    nodes = MailingNodes.start(2, smtpPort -> MailNodes.config(smtpPort)
      .with(Settings.DIGEST_TUNING.key(), new JsonObject().put("interval_ms", 20).put("batch", 5).encode()));
  }

  @AfterEach
  void stop() {
    MailingNodes.close(nodes);
  }

  @Test
  void eachUsersDigestIsSentOnceWhateverNodesAndPassesRace() {
    ApiClient api = nodes.api();
    TestSql sql = nodes.sql();
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
      nodes.vertxes().forEach(vertx -> passes.add(vertx.eventBus().request(Addresses.DIGESTS_RUN, new JsonObject())));
    }
    Await.await(Future.all(passes));

    Await.until("every digest is mailed", () -> addresses.stream().allMatch(address -> !Mails.to(nodes.mail(), address).isEmpty()));
    assertThat(sql.count("SELECT count(*) FROM digest_runs WHERE user_id = ANY($1) AND status = 'queued'", (Object) ids))
      .isEqualTo(USERS);
    assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE user_id = ANY($1) AND template = 'digest'", (Object) ids))
      .isEqualTo(USERS);

    nodes.restart(0);
    Await.await(nodes.vertxes().get(0).eventBus().request(Addresses.DIGESTS_RUN, new JsonObject()));
    Await.until("no digest mail is left in the outbox", () -> sql.count("SELECT count(*) FROM email_outbox "
      + "WHERE user_id = ANY($1) AND status = 'pending'", (Object) ids) == 0);
    for (String address : addresses) {
      assertThat(Mails.to(nodes.mail(), address)).as(address).hasSize(1);
    }
    assertThat(sql.count("SELECT count(*) FROM digest_runs WHERE user_id = ANY($1)", (Object) ids)).isEqualTo(USERS);
  }
}
