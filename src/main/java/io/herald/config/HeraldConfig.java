package io.herald.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Herald's configuration: the file first, then environment variables, then system properties, each
 * later store winning over the earlier ones. Values are read through typed accessors with defaults.
 */
public final class HeraldConfig {

  public static final String DEFAULT_FILE = "conf/config.yaml";

  private final JsonObject values;

  public HeraldConfig(JsonObject values) {
    this.values = Objects.requireNonNull(values);
  }

  public static Future<HeraldConfig> load(Vertx vertx, String file) {
    JsonArray keys = new JsonArray(ConfigKeys.ALL);
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat(file.endsWith(".json") ? "json" : "yaml")
        .setOptional(true).setConfig(new JsonObject().put("path", file)))
      .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", keys)))
      .addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("keys", keys)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().map(HeraldConfig::new).andThen(done -> retriever.close());
  }

  public JsonObject json() {
    return values.copy();
  }

  public HeraldConfig with(String key, Object value) {
    return new HeraldConfig(values.copy().put(key, value));
  }

  public String string(String key, String fallback) {
    Object value = values.getValue(key);
    if (value == null || String.valueOf(value).isBlank()) {
      return fallback;
    }
    return String.valueOf(value).trim();
  }

  public int integer(String key, int fallback) {
    long value = longNumber(key, fallback);
    if (value != (int) value) {
      throw new IllegalArgumentException("Configuration " + key + " is out of range: " + value);
    }
    return (int) value;
  }

  public long longNumber(String key, long fallback) {
    String value = string(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Configuration " + key + " must be a whole number, got '" + value + "'");
    }
  }

  /** A JSON object value, given as an object (config file) or as JSON text (environment); empty when absent. */
  public JsonObject object(String key) {
    Object value = values.getValue(key);
    if (value == null || value instanceof JsonObject) {
      return value == null ? new JsonObject() : ((JsonObject) value).copy();
    }
    try {
      return new JsonObject(String.valueOf(value));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Configuration " + key + " must be a JSON object");
    }
  }

  public boolean bool(String key, boolean fallback) {
    String value = string(key, null);
    return value == null ? fallback : Boolean.parseBoolean(value);
  }
}
