package io.herald.email;

import io.herald.config.Setting;
import io.herald.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.MailClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Herald by email: delivers the durable email outbox over SMTP (notification mails are queued by the transaction
 * that wrote the notification; verification mails by the change of address). Every node runs one; the outbox's
 * claims make each mail leave from one node. Without an SMTP host it says so once and does nothing.
 */
public class EmailVerticle extends VerticleBase {

  /** The settings this verticle reads from its config, under their own keys. */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.SMTP_HOST, Settings.SMTP_PORT, Settings.SMTP_STARTTLS,
    Settings.SMTP_USER, Settings.SMTP_PASSWORD, Settings.SMTP_FROM, Settings.PUBLIC_URL, Settings.EMAIL_TUNING);

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
