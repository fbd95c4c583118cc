package io.herald.email;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import io.herald.texts.Texts;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;

import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Renders an outbox row into a mail in its user's language, with a plain-text and an HTML part from the Mustache
 * templates under {@code mail/<locale>/} ({@code {{name}}} is HTML-escaped; the text templates use
 * {@code {{{name}}}}), dates in the user's time zone. Links are built here, at send time, so a mark-read link's
 * lifetime starts when its mail leaves.
 */
final class MailTemplates {

  static final String NOTIFICATION = "notification";
  static final String VERIFICATION = "verification";

  private final MustacheFactory mustache = new DefaultMustacheFactory("mail");
  private final Texts texts = Texts.plain();
  private final EmailOptions options;
  private final LinkTokens tokens;

  MailTemplates(EmailOptions options) {
    this.options = options;
    this.tokens = new LinkTokens(options.linkKey());
  }

  /** The mail for a claimed row; refuses a template it does not know. */
  MailMessage render(JsonObject item, Instant now) {
    String template = item.getString("template");
    return switch (template) {
      case NOTIFICATION -> mail(item, item.getJsonObject("params").getString("title"), NOTIFICATION, notificationScope(item, now));
      case VERIFICATION -> mail(item, texts.word(item.getString("locale"), "mail.verification.subject"), VERIFICATION,
        verificationScope(item, now));
      default -> throw new IllegalArgumentException("unknown mail template " + template);
    };
  }

  private Map<String, Object> notificationScope(JsonObject item, Instant now) {
    JsonObject params = item.getJsonObject("params");
    String token = tokens.read(item.getLong("user_id"), item.getLong("notification_id"), now.plusMillis(options.readLinkTtlMs()));
    String link = params.getString("link");
    Instant written = item.getString("created_at") == null ? now : Instant.parse(item.getString("created_at"));
    return Map.of("title", params.getString("title", ""), "message", params.getString("message", ""), "date", date(item, written),
      "open_url", link != null && link.startsWith("/") ? base() + link : dashboard(),
      "read_url", base() + LinkTokens.READ_PATH + "?token=" + encode(token), "dashboard_url", dashboard());
  }

  private Map<String, Object> verificationScope(JsonObject item, Instant now) {
    String address = item.getString("to_address");
    Instant expires = now.plusMillis(options.verifyLinkTtlMs());
    String token = tokens.verify(item.getLong("user_id"), address, expires);
    return Map.of("address", address, "username", item.getString("username", ""), "expires", date(item, expires),
      "confirm_url", base() + LinkTokens.VERIFY_PATH + "?token=" + encode(token));
  }

  private MailMessage mail(JsonObject item, String subject, String template, Map<String, Object> scope) {
    MailMessage message = new MailMessage().setFrom(options.from()).setTo(item.getString("to_address")).setSubject(subject)
      .setText(render(locale(item) + template + ".text.mustache", scope))
      .setHtml(render(locale(item) + template + ".html.mustache", scope));
    message.addHeader("Auto-Submitted", "auto-generated");
    return message;
  }

  private String render(String name, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    mustache.compile(name).execute(out, scope);
    return out.toString();
  }

  /** The folder of the user's language. */
  private static String locale(JsonObject item) {
    return Texts.orEnglish(item.getString("locale")) + "/";
  }

  private static String date(JsonObject item, Instant instant) {
    return Texts.dateTime(instant, item.getString("locale"), item.getString("time_zone"));
  }

  private String base() {
    String url = options.publicUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String dashboard() {
    return base() + "/";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
