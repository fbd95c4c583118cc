package io.herald.config;

import java.util.List;

/** Every configuration key. The same name works in {@code conf/config.yaml}, as an environment variable and as a system property. */
public final class ConfigKeys {

  public static final String HTTP_HOST = "HERALD_HTTP_HOST";
  public static final String HTTP_PORT = "HERALD_HTTP_PORT";
  public static final String API_HOST = "HERALD_API_HOST";
  public static final String API_PORT = "HERALD_API_PORT";
  public static final String PUBLIC_URL = "HERALD_PUBLIC_URL";
  public static final String WEBROOT = "HERALD_WEBROOT";
  public static final String DATA_DIR = "HERALD_DATA_DIR";
  public static final String PG_URL = "HERALD_PG_URL";
  public static final String PG_HOST = "HERALD_PG_HOST";
  public static final String PG_PORT = "HERALD_PG_PORT";
  public static final String PG_DATABASE = "HERALD_PG_DATABASE";
  public static final String PG_USER = "HERALD_PG_USER";
  public static final String PG_PASSWORD = "HERALD_PG_PASSWORD";
  public static final String PG_POOL_SIZE = "HERALD_PG_POOL_SIZE";
  public static final String ADMIN_PASSWORD = "HERALD_ADMIN_PASSWORD";
  public static final String JWT_SECRET = "HERALD_JWT_SECRET";
  public static final String JWT_ACCESS_MINUTES = "JWT_ACCESS_MINUTES";
  public static final String BCRYPT_COST = "HERALD_BCRYPT_COST";
  public static final String REQUEST_TIMEOUT_MS = "HERALD_REQUEST_TIMEOUT_MS";
  public static final String RETENTION_DAYS = "HERALD_NOTIFICATION_RETENTION_DAYS";
  public static final String RETENTION_INTERVAL_MINUTES = "HERALD_RETENTION_INTERVAL_MINUTES";
  public static final String ALLOWED_ORIGINS = "HERALD_ALLOWED_ORIGINS";
  public static final String TRUSTED_PROXIES = "HERALD_TRUSTED_PROXIES";
  public static final String CLUSTERED = "HERALD_CLUSTERED";
  public static final String HTTP_IDLE_TIMEOUT_MS = "HERALD_HTTP_IDLE_TIMEOUT_MS";
  public static final String HTTP_HEADER_TIMEOUT_MS = "HERALD_HTTP_HEADER_TIMEOUT_MS";
  public static final String HTTP_BODY_TIMEOUT_MS = "HERALD_HTTP_BODY_TIMEOUT_MS";
  public static final String HTTP_CONNECTIONS_PER_IP = "HERALD_HTTP_CONNECTIONS_PER_IP";
  public static final String RELAY_MAX_IN_FLIGHT = "HERALD_RELAY_MAX_IN_FLIGHT";
  public static final String RELAY_TIMEOUT_MS = "HERALD_RELAY_TIMEOUT_MS";
  public static final String CLUSTER_NAME = "HERALD_CLUSTER_NAME";
  public static final String CLUSTER_MEMBERS = "HERALD_CLUSTER_MEMBERS";
  public static final String CLUSTER_HOST = "HERALD_CLUSTER_HOST";
  public static final String CLUSTER_PUBLIC_HOST = "HERALD_CLUSTER_PUBLIC_HOST";
  public static final String CLUSTER_PORT = "HERALD_CLUSTER_PORT";
  public static final String EVENTBUS_PORT = "HERALD_EVENTBUS_PORT";
  public static final String LOGINS_PER_ADDRESS = "HERALD_LOGINS_PER_ADDRESS";
  public static final String LOGINS_PER_USERNAME = "HERALD_LOGINS_PER_USERNAME";
  public static final String LOGIN_WINDOW_SECONDS = "HERALD_LOGIN_WINDOW_SECONDS";
  public static final String LOGIN_LOCK_AFTER = "HERALD_LOGIN_LOCK_AFTER";
  public static final String LOGIN_LOCK_SECONDS = "HERALD_LOGIN_LOCK_SECONDS";
  public static final String LOGIN_LOCK_MAX_SECONDS = "HERALD_LOGIN_LOCK_MAX_SECONDS";
  public static final String BCRYPT_THREADS = "HERALD_BCRYPT_THREADS";
  public static final String BCRYPT_QUEUE = "HERALD_BCRYPT_QUEUE";
  public static final String COMPLAINTS_PER_USER = "HERALD_COMPLAINTS_PER_USER";
  public static final String NOTIFICATIONS_PER_USER = "HERALD_NOTIFICATIONS_PER_USER";
  public static final String BROADCASTS_PER_USER = "HERALD_BROADCASTS_PER_USER";
  public static final String WRITE_WINDOW_SECONDS = "HERALD_WRITE_WINDOW_SECONDS";
  public static final String WS_PING_INTERVAL_MS = "HERALD_WS_PING_INTERVAL_MS";
  public static final String WS_IDLE_TIMEOUT_MS = "HERALD_WS_IDLE_TIMEOUT_MS";
  public static final String WS_FRAMES_PER_SECOND = "HERALD_WS_FRAMES_PER_SECOND";
  public static final String WS_FRAME_BURST = "HERALD_WS_FRAME_BURST";
  public static final String WS_AUTH_TIMEOUT_MS = "HERALD_WS_AUTH_TIMEOUT_MS";
  public static final String WS_OUTBOUND_QUEUE_BYTES = "HERALD_WS_OUTBOUND_QUEUE_BYTES";
  public static final String WS_MAX_SOCKETS_PER_USER = "HERALD_WS_MAX_SOCKETS_PER_USER";
  public static final String WS_MAX_SOCKETS_PER_IP = "HERALD_WS_MAX_SOCKETS_PER_IP";
  public static final String WS_RESUMES_PER_MINUTE = "HERALD_WS_RESUMES_PER_MINUTE";
  public static final String WS_RESUME_BURST = "HERALD_WS_RESUME_BURST";
  public static final String TELEGRAM_BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
  public static final String TELEGRAM_API_BASE_URL = "TELEGRAM_API_BASE_URL";
  public static final String TELEGRAM_ADMIN_CHAT_ID = "TELEGRAM_ADMIN_CHAT_ID";
  public static final String TELEGRAM_WEBHOOK_URL = "TELEGRAM_WEBHOOK_URL";
  public static final String TELEGRAM_WEBHOOK_SECRET = "TELEGRAM_WEBHOOK_SECRET";
  public static final String TELEGRAM_TUNING = "HERALD_TELEGRAM_TUNING";

  public static final List<String> ALL = List.of(HTTP_HOST, HTTP_PORT, API_HOST, API_PORT, PUBLIC_URL, WEBROOT, DATA_DIR, PG_URL, PG_HOST,
    PG_PORT, PG_DATABASE, PG_USER, PG_PASSWORD, PG_POOL_SIZE, ADMIN_PASSWORD, JWT_SECRET, JWT_ACCESS_MINUTES,
    BCRYPT_COST, REQUEST_TIMEOUT_MS, RETENTION_DAYS, RETENTION_INTERVAL_MINUTES, ALLOWED_ORIGINS, TRUSTED_PROXIES, CLUSTERED,
    HTTP_IDLE_TIMEOUT_MS, HTTP_HEADER_TIMEOUT_MS, HTTP_BODY_TIMEOUT_MS, HTTP_CONNECTIONS_PER_IP, RELAY_MAX_IN_FLIGHT,
    RELAY_TIMEOUT_MS,
    CLUSTER_NAME, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PUBLIC_HOST, CLUSTER_PORT, EVENTBUS_PORT,
    LOGINS_PER_ADDRESS, LOGINS_PER_USERNAME, LOGIN_WINDOW_SECONDS, LOGIN_LOCK_AFTER, LOGIN_LOCK_SECONDS, LOGIN_LOCK_MAX_SECONDS,
    BCRYPT_THREADS, BCRYPT_QUEUE, COMPLAINTS_PER_USER, NOTIFICATIONS_PER_USER, BROADCASTS_PER_USER, WRITE_WINDOW_SECONDS,
    WS_PING_INTERVAL_MS, WS_IDLE_TIMEOUT_MS, WS_FRAMES_PER_SECOND, WS_FRAME_BURST,
    WS_AUTH_TIMEOUT_MS, WS_OUTBOUND_QUEUE_BYTES, WS_MAX_SOCKETS_PER_USER, WS_MAX_SOCKETS_PER_IP, WS_RESUMES_PER_MINUTE, WS_RESUME_BURST,
    TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, TELEGRAM_ADMIN_CHAT_ID, TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_TUNING);

  /** Keys whose values are never logged. */
  public static final List<String> SECRETS = List.of(PG_URL, PG_PASSWORD, ADMIN_PASSWORD, JWT_SECRET,
    TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET);

  private ConfigKeys() {
  }
}
