package io.herald.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings that logback reads itself ({@link Settings#LOGBACK}), checked as logback sees them: a system property,
 * else the environment, taken as it is (logback neither trims a value nor takes an empty one for unset). Logback
 * cannot refuse them: an unknown log format leaves the node with no log at all (not even the generated admin
 * password), an unknown level logs at DEBUG. So the launcher checks them first and refuses to start.
 */
public final class LogbackSettings {

  private LogbackSettings() {
  }

  /** What is wrong with each of them, one message per setting, empty when all are fine. */
  public static List<String> problems(Map<String, String> environment, Properties systemProperties) {
    List<String> problems = new ArrayList<>();
    for (Setting<String> setting : Settings.LOGBACK) {
      String value = systemProperties.getProperty(setting.key(), environment.get(setting.key()));
      if (value == null) {
        continue;
      }
      if (value.isBlank() || !value.equals(value.strip())) {
        problems.add("Configuration " + setting.key() + " must be " + setting.accepted() + ", without spaces, not '"
          + value + "' (unset it for the default)");
        continue;
      }
      try {
        setting.from(new JsonObject().put(setting.key(), value));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }
}
