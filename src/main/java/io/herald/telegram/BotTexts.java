package io.herald.telegram;

import io.herald.texts.Texts;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bot's own answers in one reader's language ({@code telegram.bot.*} in the texts), with the complaint words it
 * shows (status, severity) in that language too. Parameters are escaped for Telegram's HTML.
 */
final class BotTexts {

  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  private static final String PREFIX = "telegram.bot.";

  private final Texts texts;
  private final String locale;

  BotTexts(Texts texts, String locale) {
    this.texts = texts;
    this.locale = Texts.orEnglish(locale);
  }

  String say(String key) {
    return texts.word(locale, PREFIX + key);
  }

  String say(String key, Map<String, ?> scope) {
    return texts.render(locale, PREFIX + key, scope);
  }

  String help() {
    return say("help", Map.of("usage", say("usage")));
  }

  String question(String step) {
    return say("ask." + step);
  }

  String status(String status) {
    return texts.word(locale, "status." + status);
  }

  String severity(String severity) {
    return texts.word(locale, "severity." + severity);
  }

  /**
   * The severity an answer names, in English or in any language Herald has (a resident may answer in theirs whatever
   * the account's setting), ignoring case and accents; null when it names none.
   */
  String severityOf(String answer) {
    String wanted = folded(answer);
    for (String severity : SEVERITIES) {
      for (String language : Texts.LOCALES) {
        if (folded(texts.word(language, "severity." + severity)).equals(wanted)) {
          return severity;
        }
      }
    }
    return null;
  }

  /** Lower case without accents: "Υψηλή", "ΥΨΗΛΗ" and "υψηλη" are one word. */
  private static String folded(String word) {
    return Normalizer.normalize(word.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }
}
