package io.herald.database;

import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.util.Objects;

/** Where the database is and how to log in to it. */
public record DatabaseSettings(String host, int port, String database, String user, String password) {

  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String DATABASE = "database";
  public static final String USER = "user";
  public static final String PASSWORD = "password";

  /** The external database named by the configuration, or null when none is configured. */
  public static DatabaseSettings external(HeraldConfig config) {
    String url = config.get(Settings.PG_URL);
    if (url != null) {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      return new DatabaseSettings(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        options.getPassword() == null ? "" : options.getPassword());
    }
    String host = config.get(Settings.PG_HOST);
    if (host == null) {
      return null;
    }
    return new DatabaseSettings(host, config.get(Settings.PG_PORT),
      config.get(Settings.PG_DATABASE), config.get(Settings.PG_USER),
      Objects.requireNonNullElse(config.get(Settings.PG_PASSWORD), ""));
  }

  public static DatabaseSettings fromJson(JsonObject json) {
    return new DatabaseSettings(json.getString(HOST), json.getInteger(PORT), json.getString(DATABASE),
      json.getString(USER), json.getString(PASSWORD, ""));
  }

  public JsonObject toJson() {
    return new JsonObject().put(HOST, host).put(PORT, port).put(DATABASE, database).put(USER, user).put(PASSWORD, password);
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }
}
