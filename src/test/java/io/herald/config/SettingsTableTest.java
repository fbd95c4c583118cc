package io.herald.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of settings against README.md's configuration table and conf/config.yaml, and against itself. */
class SettingsTableTest {

  private static final Pattern KEY = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
  private static final Pattern NOTE = Pattern.compile("\\(([^)]*)\\)\\s*$");

  /** One key of README.md's table: its default as shown, its meaning, and where it is read when not from the configuration. */
  private record Row(String shownDefault, String meaning, String readBy) {
  }

  @Test
  void readmeTableListsExactlyTheSettingsWithTheirDefaultsAndMeanings() throws IOException {
    Map<String, Row> readme = readmeTable();

    assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(Settings.ALL.stream().map(Setting::key).toList());
    for (Setting<?> setting : Settings.ALL) {
      Row row = readme.get(setting.key());
      assertThat(row.shownDefault()).as("default of %s in README.md", setting).isEqualTo(setting.shownDefault());
      assertThat(row.meaning()).as("meaning of %s in README.md", setting).isEqualTo(setting.doc());
      assertThat(row.readBy()).as("where %s is read, in README.md", setting).isEqualTo(setting.readBy());
    }
  }

  /** A default is shown as the value in backticks; a setting without one shows words instead (none, generated, ...). */
  @Test
  void everyShownDefaultIsTheDefault() {
    for (Setting<?> setting : Settings.ALL) {
      if (setting.defaultValue() == null) {
        assertThat(setting.shownDefault()).as(setting.key()).doesNotStartWith("`");
      } else if (setting.defaultValue() instanceof String text && text.isEmpty()) {
        assertThat(setting.shownDefault()).as(setting.key()).isEqualTo("(empty)");
      } else {
        assertThat(setting.shownDefault()).as(setting.key()).startsWith("`" + shown(setting.defaultValue()) + "`");
      }
    }
  }

  /** Each default is a value its own setting accepts, and reads back as itself from text (as from the environment). */
  @Test
  void everyDefaultIsAcceptedBySetting() {
    for (Setting<?> setting : Settings.ALL) {
      if (setting.defaultValue() == null || "".equals(setting.defaultValue())) {
        continue;
      }
      JsonObject asText = new JsonObject().put(setting.key(), shown(setting.defaultValue()));
      assertThat((Object) setting.from(asText)).as(setting.key()).isEqualTo(setting.defaultValue());
    }
  }

  @Test
  void keysAreUnique() {
    List<String> keys = Settings.ALL.stream().map(Setting::key).toList();

    assertThat(keys).doesNotHaveDuplicates();
  }

  /** The shipped file holds settings only, no secret, each at its default and accepted. */
  @Test
  void configYamlHoldsKnownSettingsAtTheirDefaults() throws IOException {
    Map<String, String> file = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(HeraldConfig.DEFAULT_FILE))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] keyValue = line.split(":", 2);
        file.put(keyValue[0].trim(), keyValue[1].trim());
      }
    }

    assertThat(file).isNotEmpty();
    List<String> configured = Settings.configured().stream().map(Setting::key).toList();
    assertThat(configured).containsAll(file.keySet());
    for (Setting<?> setting : Settings.configured()) {
      if (file.containsKey(setting.key())) {
        assertThat(setting.isSecret()).as("%s is a secret, not for the file", setting).isFalse();
        assertThat(file.get(setting.key())).as(setting.key()).isEqualTo(shown(setting.defaultValue()));
      }
    }
  }

  /** The settings logback reads itself (it cannot ask Java) carry the table's defaults in logback.xml. */
  @Test
  void logbackUsesTheTablesDefaults() throws IOException {
    String logback = Files.readString(Path.of("src/main/resources/logback.xml"));

    for (Setting<?> setting : List.of(Settings.LOG_LEVEL, Settings.CLUSTER_LOG_LEVEL, Settings.LOG_FORMAT)) {
      assertThat(logback).contains("${" + setting.key() + ":-" + setting.defaultValue() + "}");
    }
  }

  private static String shown(Object value) {
    return value instanceof JsonObject object ? object.encode() : String.valueOf(value);
  }

  /**
   * README.md's configuration table, key by key. A row may name several keys; its default cell then lists one default
   * per key, separated by ", " (or one for all).
   */
  private static Map<String, Row> readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int header = lines.indexOf("| key | default | meaning |");
    assertThat(header).as("README.md's configuration table").isNotNegative();
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
      assertThat(cells).as(line).hasSize(3);
      List<String> keys = new ArrayList<>();
      Matcher key = KEY.matcher(cells[0]);
      while (key.find()) {
        keys.add(key.group(1));
      }
      Matcher note = NOTE.matcher(cells[0].trim());
      String readBy = note.find() ? note.group(1) : null;
      List<String> defaults = keys.size() == 1 ? List.of(cells[1].trim())
        : Arrays.stream(cells[1].split(", ")).map(String::trim).toList();
      assertThat(defaults.size()).as(line).isIn(1, keys.size());
      for (int i = 0; i < keys.size(); i++) {
        String shownDefault = defaults.size() == 1 ? defaults.get(0) : defaults.get(i);
        assertThat(rows.put(keys.get(i), new Row(shownDefault, cells[2].trim(), readBy))).as("%s twice", keys.get(i)).isNull();
      }
    }
    return rows;
  }
}
