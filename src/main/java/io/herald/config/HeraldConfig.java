package io.herald.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Herald's configuration: the file first, then environment variables, then system properties, each later store winning
 * over the earlier ones. Every value is read through its {@link Setting} in {@link Settings}, which holds its default and
 * what it accepts; {@link #validate()} checks them all at once before a node starts.
 */
public final class HeraldConfig {

  public static final String DEFAULT_FILE = Settings.CONFIG_FILE.defaultValue();

  private final JsonObject values;

  public HeraldConfig(JsonObject values) {
    this.values = Objects.requireNonNull(values);
  }

  /** Loads the file (absent is fine) and the environment and system properties, and validates every setting. */
  public static Future<HeraldConfig> load(Vertx vertx, String file) {
    JsonArray keys = new JsonArray(Settings.configured().stream().map(Setting::key).toList());
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat(file.endsWith(".json") ? "json" : "yaml")
        .setOptional(true).setConfig(new JsonObject().put("path", file)))
      .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", keys)))
      .addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("keys", keys)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().map(HeraldConfig::new).andThen(done -> retriever.close()).compose(HeraldConfig::validate);
  }

  /**
   * This configuration when every setting accepts its value; else a failure whose message names each bad key and what it
   * accepts (never a secret's value).
   */
  public Future<HeraldConfig> validate() {
    List<String> problems = new ArrayList<>();
    for (Setting<?> setting : Settings.configured()) {
      try {
        setting.from(values);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems.isEmpty() ? Future.succeededFuture(this)
      : Future.failedFuture(new IllegalArgumentException(String.join("; ", problems)));
  }

  /** Its value, or its default (null when it has none). */
  public <T> T get(Setting<T> setting) {
    return setting.from(values);
  }

  public boolean isSet(Setting<?> setting) {
    return setting.isSet(values);
  }

  /** The values of {@code settings} (their defaults where unset), under their own keys: a verticle's config. */
  public JsonObject subset(List<Setting<?>> settings) {
    JsonObject subset = new JsonObject();
    for (Setting<?> setting : settings) {
      setting.copy(values, subset);
    }
    return subset;
  }

  public JsonObject json() {
    return values.copy();
  }

  public HeraldConfig with(String key, Object value) {
    return new HeraldConfig(values.copy().put(key, value));
  }
}
