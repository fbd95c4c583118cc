package io.herald.persistence.digest;

import io.herald.telegram.TelegramHtml;
import io.herald.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.util.Map;

/**
 * A digest as one Telegram message in its reader's language: a title with the count, one line per notification
 * (title and time in the reader's zone), "and N more" for those left out, and a link to the dashboard. Lines stop
 * before the message would pass Telegram's length limit; what they leave out is counted in "and N more".
 */
final class TelegramDigest {

  private static final int TITLE_BUDGET = 120;
  private static final int TEXT_BUDGET = TelegramHtml.MAX_LENGTH - 300;

  private final Texts html = Texts.escaping(TelegramHtml::escape);
  private final String dashboard;

  TelegramDigest(String publicUrl) {
    this.dashboard = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
  }

  String text(Row user, JsonArray items, long total) {
    String locale = user.getString("locale");
    StringBuilder text = new StringBuilder(html.render(locale, "telegram.daily.title." + (total == 1 ? "one" : "other"),
      Map.of("count", total)));
    int shown = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      String line = "\n" + html.render(locale, "telegram.daily.item", Map.of(
        "title", TelegramHtml.clip(item.getString("title"), TITLE_BUDGET),
        "date", Texts.dateTime(Instant.parse(item.getString("created_at")), locale, user.getString("time_zone"))));
      if (text.length() + line.length() > TEXT_BUDGET) {
        break;
      }
      text.append(line);
      shown++;
    }
    if (total > shown) {
      text.append('\n').append(html.render(locale, "telegram.daily.more", Map.of("count", total - shown)));
    }
    return text.append('\n').append(html.render(locale, "telegram.daily.open", Map.of("url", dashboard))).toString();
  }
}
