package io.herald.email;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.outbox.Backoff;
import io.herald.outbox.ClaimRounds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.SMTPException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Claims due outbox rows (leased to this node), sends each over SMTP, and records the outcome: sent (and the
 * destination domain paced); a permanent 5xx reply marks the row failed with the server's reply; a 4xx reply, a
 * timeout or a connection failure is retried with exponential backoff and jitter, up to {@code max_attempts}.
 */
final class OutboxMailer {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMailer.class);

  private final EventBus bus;
  private final MailClient client;
  private final MailTemplates templates;
  private final EmailOptions options;
  private final String node = UUID.randomUUID().toString();
  private final ClaimRounds rounds;

  OutboxMailer(Vertx vertx, MailClient client, EmailOptions options) {
    this.bus = vertx.eventBus();
    this.client = client;
    this.templates = new MailTemplates(options);
    this.options = options;
    this.rounds = new ClaimRounds(vertx, options.sendIntervalMs(), this::round);
  }

  void start() {
    rounds.start();
  }

  /** Stops claiming; completes when the round in flight has recorded its outcomes. */
  Future<Void> stop() {
    return rounds.stop();
  }

  private Future<Void> round() {
    JsonObject claim = new JsonObject().put("node", node).put("batch", options.batch()).put("lease_ms", options.leaseMs());
    return bus.<JsonObject>request(Addresses.EMAIL_OUTBOX_CLAIM, claim, OnThisNode.delivery())
      .compose(reply -> ClaimRounds.each(reply.body().getJsonArray("items"), this::send))
      .onFailure(failure -> LOG.warn("Email outbox round failed: {}", failure.getMessage()));
  }

  private Future<Void> send(JsonObject item) {
    long id = item.getLong("id");
    try {
      return client.sendMail(templates.render(item, Instant.now())).timeout(options.sendTimeoutMs(), TimeUnit.MILLISECONDS)
        .compose(sent -> request(Addresses.EMAIL_OUTBOX_MARK_SENT, new JsonObject().put("id", id)
          .put("domain_gap_ms", options.domainGapMs())), failure -> failed(item, failure));
    } catch (RuntimeException e) {
      return fail(id, "not rendered: " + e.getMessage());
    }
  }

  private Future<Void> failed(JsonObject item, Throwable failure) {
    long id = item.getLong("id");
    if (failure instanceof SMTPException smtp && smtp.isPermanent()) {
      return fail(id, smtp.getReplyCode() + " " + smtp.getReplyMessage());
    }
    String reason = failure instanceof SMTPException smtp
      ? smtp.getReplyCode() + " " + smtp.getReplyMessage() : String.valueOf(failure.getMessage());
    int attempts = item.getInteger("attempts");
    if (attempts >= options.maxAttempts()) {
      return fail(id, "gave up after " + attempts + " attempts: " + reason);
    }
    LOG.info("Mail {} not sent (attempt {}), will retry: {}", id, attempts, reason);
    return request(Addresses.EMAIL_OUTBOX_RESCHEDULE, new JsonObject().put("id", id).put("reason", reason)
      .put("delay_ms", Backoff.equalJitter(attempts, options.backoffBaseMs(), options.backoffMaxMs())));
  }

  private Future<Void> fail(long id, String reason) {
    LOG.warn("Mail {} failed for good: {}", id, reason);
    return request(Addresses.EMAIL_OUTBOX_MARK_FAILED, new JsonObject().put("id", id).put("reason", reason));
  }

  private Future<Void> request(String address, JsonObject body) {
    return bus.request(address, body, OnThisNode.delivery()).mapEmpty();
  }
}
