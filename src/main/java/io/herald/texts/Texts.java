package io.herald.texts;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Herald's own words in each supported language: Mustache templates kept as the values of the resource bundle
 * {@code texts/herald} ({@code herald.properties} is English and the fallback of every other language,
 * {@code herald_el.properties} Greek, ...). Every {@code {{name}}} goes through this instance's escaper
 * (none for plain text, Telegram's HTML rules for Telegram), so a parameter can never add markup; a key missing in a
 * language falls back to English. Not shared between verticles: each creates its own.
 */
public final class Texts {

  public static final String ENGLISH = "en";
  /** Every locale a user may choose (the {@code users.locale} check lists the same). */
  public static final List<String> LOCALES = List.of(ENGLISH, "el");

  private static final String BUNDLE = "texts.herald";
  private static final ResourceBundle.Control NO_FALLBACK =
    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Factory factory;
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

  private Texts(UnaryOperator<String> escaper) {
    this.factory = new Factory(escaper);
  }

  /** For plain text (in-app rows, mail subjects): parameters are written as they are. */
  public static Texts plain() {
    return new Texts(UnaryOperator.identity());
  }

  /** For markup: every parameter is escaped with {@code escaper} (e.g. Telegram's HTML rules). */
  public static Texts escaping(UnaryOperator<String> escaper) {
    return new Texts(escaper);
  }

  public static boolean isSupported(String locale) {
    return LOCALES.contains(locale);
  }

  /** The supported locale, or English for anything else (null, an unknown tag). */
  public static String orEnglish(String locale) {
    return isSupported(locale) ? locale : ENGLISH;
  }

  /** The text {@code key} in {@code locale}, rendered with {@code scope}. */
  public String render(String locale, String key, Map<String, ?> scope) {
    String language = orEnglish(locale);
    Mustache template = compiled.computeIfAbsent(language + ":" + key,
      name -> factory.compile(new StringReader(source(language, key)), name));
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }

  /** A word without parameters, e.g. {@code status.in_progress}. */
  public String word(String locale, String key) {
    return render(locale, key, Map.of());
  }

  /** A date and time for a reader: their language's medium format in their zone (UTC when they have none). */
  public static String dateTime(Instant instant, String locale, String zone) {
    ZoneId zoneId = zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone);
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
      .withLocale(Locale.forLanguageTag(orEnglish(locale))).withZone(zoneId).format(instant) + " (" + zoneId.getId() + ")";
  }

  private static String source(String locale, String key) {
    try {
      return bundle(locale).getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalArgumentException("no text " + key, e);
    }
  }

  private static ResourceBundle bundle(String locale) {
    Locale wanted = ENGLISH.equals(locale) ? Locale.ROOT : Locale.forLanguageTag(locale);
    return ResourceBundle.getBundle(BUNDLE, wanted, NO_FALLBACK);
  }

  /**
   * A Mustache factory whose {@code {{name}}} writes through the given escaper instead of the HTML default. (A line
   * break right after a section tag, {@code {{#note}}\n}, is dropped by mustache.java: texts avoid it.)
   */
  private static final class Factory extends DefaultMustacheFactory {

    private final UnaryOperator<String> escaper;

    Factory(UnaryOperator<String> escaper) {
      this.escaper = escaper;
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(escaper.apply(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
