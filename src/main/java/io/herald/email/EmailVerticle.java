package io.herald.email;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.MailClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald by email: delivers the durable email outbox over SMTP (notification mails are queued by the transaction
 * that wrote the notification; verification mails by the change of address). Every node runs one; the outbox's
 * claims make each mail leave from one node. Without an SMTP host it says so once and does nothing.
 */
public class EmailVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EmailVerticle.class);

  private MailClient client;
  private OutboxMailer mailer;

  @Override
  public Future<?> start() {
    EmailOptions options = EmailOptions.from(config());
    if (!options.enabled()) {
      LOG.info("Email is off: no HERALD_SMTP_HOST configured");
      return Future.succeededFuture();
    }
    client = MailClient.create(vertx, options.mailConfig());
    mailer = new OutboxMailer(vertx, client, options);
    mailer.start();
    LOG.info("Email on: SMTP {}:{} (STARTTLS {}), from {}", options.host(), options.port(), options.startTls(), options.from());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    Future<Void> drained = mailer == null ? Future.succeededFuture() : mailer.stop();
    return drained.compose(done -> client == null ? Future.succeededFuture() : client.close());
  }
}
