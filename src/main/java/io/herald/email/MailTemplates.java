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
import java.util.HashMap;
import java.util.List;
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
  static final String DIGEST = "digest";

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
      case DIGEST -> digest(item, now);
      default -> throw new IllegalArgumentException("unknown mail template " + template);
    };
  }

  private Map<String, Object> notificationScope(JsonObject item, Instant now) {
    JsonObject params = item.getJsonObject("params");
    Instant written = item.getString("created_at") == null ? now : Instant.parse(item.getString("created_at"));
    return Map.of("title", params.getString("title", ""), "message", params.getString("message", ""), "date", date(item, written),
      "open_url", openUrl(params.getString("link")), "read_url", readUrl(item, item.getLong("notification_id"), now),
      "dashboard_url", dashboard());
  }

  /** The daily digest: the unread notifications it lists, each with its own links, and how many more there are. */
  private MailMessage digest(JsonObject item, Instant now) {
    JsonObject params = item.getJsonObject("params");
    long total = params.getLong("total");
    List<Map<String, Object>> items = params.getJsonArray("items").stream().map(JsonObject.class::cast)
      .map(listed -> Map.<String, Object>of("title", listed.getString("title", ""),
        "date", date(item, Instant.parse(listed.getString("created_at"))),
        "open_url", openUrl(listed.getString("link")), "read_url", readUrl(item, listed.getLong("id"), now)))
      .toList();
    String heading = texts.render(item.getString("locale"), "mail.digest.subject." + (total == 1 ? "one" : "other"),
      Map.of("count", total));
    Map<String, Object> scope = new HashMap<>(Map.of("heading", heading, "items", items, "dashboard_url", dashboard()));
    if (total > items.size()) {
      scope.put("more", total - items.size());
    }
    return mail(item, heading, DIGEST, scope);
  }

  /** A notification's own page when its link is a path of Herald's, else the dashboard. */
  private String openUrl(String link) {
    return link != null && link.startsWith("/") ? base() + link : dashboard();
  }

  /** The one-click link that marks one notification of the mail's user read; its lifetime starts now. */
  private String readUrl(JsonObject item, long notificationId, Instant now) {
    String token = tokens.read(item.getLong("user_id"), notificationId, now.plusMillis(options.readLinkTtlMs()));
    return base() + LinkTokens.READ_PATH + "?token=" + encode(token);
  }

  private Map<String, Object> verificationScope(JsonObject item, Instant now) {
    String address = item.getString("to_address");
    Instant expires = now.plusMillis(options.verifyLinkTtlMs());
    String token = tokens.verify(item.getLong("user_id"), address, expires);
    return Map.of("address", address, "username", item.getString("username", ""), "expires", date(item, expires),
      "confirm_url", base() + LinkTokens.VERIFY_PATH + "?token=" + encode(token));
  }

  private MailMessage mail(JsonObject item, String subject, String template, Map<String, Object> scope) {
    MailMessage message = new MailMessage().setFrom(options.from()).setTo(item.getString("to_address")).setSubject(oneLine(subject))
      .setText(render(locale(item) + template + ".text.mustache", scope))
      .setHtml(render(locale(item) + template + ".html.mustache", scope));
    message.addHeader("Auto-Submitted", "auto-generated");
    return message;
  }

  /**
   * A subject is one header line: a line break or other control character in it (a notification's title may hold
   * them) becomes a space, so that no text can end the line and write a header of its own ({@code Bcc:}).
   */
  static String oneLine(String subject) {
    return subject.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
      .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
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
