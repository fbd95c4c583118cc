package io.herald.config;

import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration setting: its key (the same in {@code conf/config.yaml}, the environment and system properties), its
 * type and default, what it accepts, whether it is a secret, and its line in README.md's configuration table. Every
 * setting is listed once, in {@link Settings}.
 *
 * <p>A value is read from any JSON object that holds settings under their keys: the whole configuration
 * ({@link HeraldConfig#get}) or the part of it a verticle is deployed with ({@link #from}). A missing or blank value means
 * the default; a value the setting does not accept is an {@link IllegalArgumentException} naming the key and what it
 * accepts (and, unless the setting is a secret, the value).
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {

  private final String key;
  private final T defaultValue;
  private final Function<Object, T> parse;
  private final String accepted;
  private final boolean secret;
  private final String shownDefault;
  private final String doc;
  private final String readBy;

  private Setting(String key, T defaultValue, Function<Object, T> parse, String accepted, boolean secret, String shownDefault,
                  String doc, String readBy) {
    this.key = Objects.requireNonNull(key);
    this.defaultValue = defaultValue;
    this.parse = Objects.requireNonNull(parse);
    this.accepted = Objects.requireNonNull(accepted);
    this.secret = secret;
    this.shownDefault = shownDefault;
    this.doc = doc;
    this.readBy = readBy;
  }

  /**
   * A setting whose value {@code parse} makes from the configured one (a string from the environment or a system property;
   * a number, boolean or object from the file); {@code parse} throws {@link IllegalArgumentException} on a value outside
   * {@code accepted}.
   */
  static <T> Setting<T> of(String key, T defaultValue, String accepted, Function<Object, T> parse) {
    return new Setting<>(key, defaultValue, parse, accepted, false, null, null, null);
  }

  /** Its value is never shown in a message or a log line. */
  Setting<T> secret() {
    return new Setting<>(key, defaultValue, parse, accepted, true, shownDefault, doc, readBy);
  }

  /** Its README line: the default as shown there (a value in backticks, or words when there is no value), and the meaning. */
  Setting<T> documented(String shownDefault, String doc) {
    return new Setting<>(key, defaultValue, parse, accepted, secret, shownDefault, doc, readBy);
  }

  /** Read before the configuration is (by the launcher or logback), only from where {@code where} says. */
  Setting<T> readBy(String where) {
    return new Setting<>(key, defaultValue, parse, accepted, secret, shownDefault, doc, where);
  }

  public String key() {
    return key;
  }

  /** The default, or null when it has none. */
  public T defaultValue() {
    return defaultValue;
  }

  public String accepted() {
    return accepted;
  }

  public boolean isSecret() {
    return secret;
  }

  /** The default as README.md's table shows it. */
  public String shownDefault() {
    return shownDefault;
  }

  /** Its meaning, as README.md's table gives it. */
  public String doc() {
    return doc;
  }

  /** Null for a setting of the configuration (file, environment, system properties); else where else it is read from. */
  public String readBy() {
    return readBy;
  }

  /** Whether {@code values} holds a value for it (not blank). */
  public boolean isSet(JsonObject values) {
    Object value = values == null ? null : values.getValue(key);
    return value != null && !(value instanceof String text && text.isBlank());
  }

  /** Its value in {@code values} (holding settings under their keys), or the default; throws on a value it does not accept. */
  public T from(JsonObject values) {
    if (!isSet(values)) {
      return defaultValue;
    }
    Object value = values.getValue(key);
    try {
      return parse.apply(value instanceof String text ? text.trim() : value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Configuration " + key + " must be " + accepted
        + (secret ? "" : ", not '" + value + "'") + (secret || !(e instanceof Detailed) ? "" : " (" + e.getMessage() + ")"));
    }
  }

  /** Puts its value from {@code values} (or the default) into {@code into} under its key; nothing when it has no value. */
  public JsonObject copy(JsonObject values, JsonObject into) {
    T value = from(values);
    return value == null ? into : into.put(key, value);
  }

  /** A refusal whose message says what is wrong with the value, worth adding to the setting's own message. */
  static final class Detailed extends IllegalArgumentException {
    Detailed(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return key;
  }
}
