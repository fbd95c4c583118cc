package io.herald.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;

/** Test nodes with email on, pointed at an SMTP server on 127.0.0.1, with the outbox's pacing shortened. */
public final class MailNodes {

  private MailNodes() {
  }

  public static HeraldConfig config(int smtpPort) {
    return config(smtpPort, new JsonObject());
  }

  /** {@code tuning} overrides the fast defaults below (HERALD_EMAIL_TUNING). */
  public static HeraldConfig config(int smtpPort, JsonObject tuning) {
    return TestNode.config()
      .with(Settings.SMTP_HOST.key(), "127.0.0.1")
      .with(Settings.SMTP_PORT.key(), smtpPort)
      .with(Settings.SMTP_STARTTLS.key(), "disabled")
      .with(Settings.SMTP_FROM.key(), "herald@herald.example")
      .with(Settings.PUBLIC_URL.key(), "https://herald.example")
      .with(Settings.EMAIL_TUNING.key(), fastTuning().mergeIn(tuning));
  }

  public static JsonObject fastTuning() {
    return new JsonObject().put("send_interval_ms", 30).put("domain_gap_ms", 0).put("backoff_base_ms", 50)
      .put("backoff_max_ms", 200).put("send_timeout_ms", 5_000).put("lease_ms", 30_000);
  }

  /** GreenMail's SMTP server alone, on a free port of 127.0.0.1; it accepts mail for any address. */
  public static GreenMail greenMail() {
    GreenMail mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return mail;
  }

  /** An address no other test uses, at {@code domain}. */
  public static String newAddress(String domain) {
    return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
