package io.herald.texts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every language Herald has holds every text English has and no other (a missing key would fail the reader's text at
 * run time), and each of its templates renders.
 */
class TranslationsTest {

  @Test
  void everyLanguageHasExactlyTheEnglishKeysAndEachTemplateRenders() {
    Properties english = bundle("texts/herald.properties");
    Texts texts = Texts.plain();
    for (String locale : Texts.LOCALES) {
      Properties translation = locale.equals(Texts.ENGLISH) ? english : bundle("texts/herald_" + locale + ".properties");
      assertThat(translation.stringPropertyNames()).as(locale).isEqualTo(english.stringPropertyNames());
      for (String key : translation.stringPropertyNames()) {
        assertThat(texts.render(locale, key, Map.of())).as(locale + " " + key).isNotNull();
      }
    }
  }

  private static Properties bundle(String resource) {
    try (InputStream in = TranslationsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
