package io.herald.notify;

import io.herald.texts.Texts;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Function;

/** A notification's title and message in every supported locale; {@code title} and {@code message} are English. */
public record Localized(String title, String message, JsonObject translations) {

  /**
   * Renders {@code <prefix>.title} and {@code <prefix>.message} once per supported locale (not once per recipient),
   * each with the scope {@code scopeFor} builds for that locale (words such as a status name are translated too).
   */
  public static Localized render(Texts texts, String prefix, Function<String, Map<String, ?>> scopeFor) {
    JsonObject translations = new JsonObject();
    for (String locale : Texts.LOCALES) {
      Map<String, ?> scope = scopeFor.apply(locale);
      translations.put(locale, new JsonObject()
        .put("title", texts.render(locale, prefix + ".title", scope))
        .put("message", texts.render(locale, prefix + ".message", scope)));
    }
    JsonObject english = translations.getJsonObject(Texts.ENGLISH);
    return new Localized(english.getString("title"), english.getString("message"), translations);
  }
}
