package io.herald.config;

import io.herald.auth.JwtSecret;
import io.herald.complaint.OverdueThresholds;
import io.herald.edge.TrustedProxies;
import io.herald.email.EmailOptions;
import io.herald.escalation.EscalationLadder;
import io.herald.escalation.EscalationOptions;
import io.herald.persistence.BroadcastOptions;
import io.herald.persistence.digest.DigestOptions;
import io.herald.telegram.TelegramOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every setting of Herald, each written once: key, type, default, what it accepts, whether it is a secret, and its
 * line in README.md's configuration table (a test holds the two together). {@link HeraldConfig} reads every one through
 * this table and refuses to start on a value a setting does not accept. A verticle is deployed with the settings it
 * needs under their own keys (its {@code SETTINGS}) and reads them back through the same {@link Setting}s.
 */
public final class Settings {

  public static final Setting<String> CONFIG_FILE = text("HERALD_CONFIG", "conf/config.yaml")
    .documented("`conf/config.yaml`", "the configuration file (YAML, or JSON when it ends in `.json`)")
    .readBy("env only");

  public static final Setting<String> HTTP_HOST = text("HERALD_HTTP_HOST", "0.0.0.0")
    .documented("`0.0.0.0`", "interface of the public port (API, dashboard and sockets)");

  public static final Setting<Integer> HTTP_PORT = port("HERALD_HTTP_PORT", 8080)
    .documented("`8080`", "the public port: sockets served there, everything else relayed to the API verticle");

  public static final Setting<String> API_HOST = text("HERALD_API_HOST", "127.0.0.1")
    .documented("`127.0.0.1`",
      "interface of the API verticle's own port; loopback, as only the public port talks to it");

  public static final Setting<Integer> API_PORT = port("HERALD_API_PORT", 0)
    .documented("`0` (any free port)",
      "the API verticle's own port; set one (and `HERALD_API_HOST=0.0.0.0`) only when a load balancer "
        + "routes `/api` there by path, skipping the relay");

  public static final Setting<String> PUBLIC_URL = url("HERALD_PUBLIC_URL", "http://localhost:8080")
    .documented("`http://localhost:8080`",
      "base of dashboard links in Telegram alerts and mails, and of the links in mails (`/mail/read`, "
        + "`/mail/verify`)");

  public static final Setting<String> WEBROOT = text("HERALD_WEBROOT", "webroot")
    .documented("`webroot`", "folder of the dashboard files");

  public static final Setting<String> DATA_DIR = text("HERALD_DATA_DIR", "./data")
    .documented("`./data`", "embedded PostgreSQL data (`postgres/`) and the generated JWT secret");

  public static final Setting<String> PG_URL = text("HERALD_PG_URL", null).secret()
    .documented("(none)",
      "external PostgreSQL, e.g. `postgresql://herald:secret@db:5432/herald`; with it (or "
        + "`HERALD_PG_HOST`) no embedded server starts");

  public static final Setting<String> PG_HOST = text("HERALD_PG_HOST", null)
    .documented("-",
      "the same, key by key; with neither URL nor host, `HERALD_PG_PORT` is the embedded server's port (any "
        + "free one when unset)");

  public static final Setting<Integer> PG_PORT = port("HERALD_PG_PORT", 5432)
    .documented("`5432`",
      "the same, key by key; with neither URL nor host, `HERALD_PG_PORT` is the embedded server's port (any "
        + "free one when unset)");

  public static final Setting<String> PG_DATABASE = text("HERALD_PG_DATABASE", "herald")
    .documented("`herald`",
      "the same, key by key; with neither URL nor host, `HERALD_PG_PORT` is the embedded server's port (any "
        + "free one when unset)");

  public static final Setting<String> PG_USER = text("HERALD_PG_USER", "herald")
    .documented("`herald`",
      "the same, key by key; with neither URL nor host, `HERALD_PG_PORT` is the embedded server's port (any "
        + "free one when unset)");

  public static final Setting<String> PG_PASSWORD = text("HERALD_PG_PASSWORD", null).secret()
    .documented("-",
      "the same, key by key; with neither URL nor host, `HERALD_PG_PORT` is the embedded server's port (any "
        + "free one when unset)");

  public static final Setting<Integer> PG_POOL_SIZE = atLeast("HERALD_PG_POOL_SIZE", 1, 10)
    .documented("`10`",
      "connections for requests, shared out among the persistence instances (each gets this divided by their "
        + "number, rounded up, so the node may open a few more); each producer instance and the timers use one "
        + "connection each besides");

  public static final Setting<String> ADMIN_PASSWORD = text("HERALD_ADMIN_PASSWORD", null).secret()
    .documented("generated, logged once", "password of `admin` on first start");

  public static final Setting<String> JWT_SECRET = longText("HERALD_JWT_SECRET", JwtSecret.MIN_LENGTH).secret()
    .documented("generated into `$HERALD_DATA_DIR/jwt-secret`",
      "HS256 signing secret, at least 32 characters. **Set it on every node of a cluster**");

  public static final Setting<Integer> JWT_ACCESS_MINUTES = atLeast("JWT_ACCESS_MINUTES", 1, 60)
    .documented("`60`", "access-token lifetime");

  public static final Setting<Integer> BCRYPT_COST = between("HERALD_BCRYPT_COST", 4, 31, 12)
    .documented("`12`", "bcrypt work factor for password hashes (a password is at most 72 bytes in UTF-8)");

  public static final Setting<Integer> BCRYPT_THREADS = atLeast("HERALD_BCRYPT_THREADS", 1, 2)
    .documented("`2`",
      "per node (whatever the number of API instances): threads that check passwords, and checks that may "
        + "wait for them; beyond that a login answers 503 at once");

  public static final Setting<Integer> BCRYPT_QUEUE = atLeast("HERALD_BCRYPT_QUEUE", 1, 32)
    .documented("`32`",
      "per node (whatever the number of API instances): threads that check passwords, and checks that may "
        + "wait for them; beyond that a login answers 503 at once");

  public static final Setting<Integer> LOGINS_PER_ADDRESS = atLeast("HERALD_LOGINS_PER_ADDRESS", 1, 120)
    .documented("`120`",
      "login attempts per client address and per username in each window, counted cluster-wide before the "
        + "password is checked; beyond them 429 with `Retry-After`");

  public static final Setting<Integer> LOGINS_PER_USERNAME = atLeast("HERALD_LOGINS_PER_USERNAME", 1, 10)
    .documented("`10`",
      "login attempts per client address and per username in each window, counted cluster-wide before the "
        + "password is checked; beyond them 429 with `Retry-After`");

  public static final Setting<Integer> LOGIN_WINDOW_SECONDS = atLeast("HERALD_LOGIN_WINDOW_SECONDS", 1, 60)
    .documented("`60`",
      "login attempts per client address and per username in each window, counted cluster-wide before the "
        + "password is checked; beyond them 429 with `Retry-After`");

  public static final Setting<Integer> LOGIN_LOCK_AFTER = atLeast("HERALD_LOGIN_LOCK_AFTER", 1, 5)
    .documented("`5`",
      "wrong passwords in a row that lock a username, the first lock, and the longest (each further wrong "
        + "password doubles it); see docs/security.md");

  public static final Setting<Integer> LOGIN_LOCK_SECONDS = atLeast("HERALD_LOGIN_LOCK_SECONDS", 1, 30)
    .documented("`30`",
      "wrong passwords in a row that lock a username, the first lock, and the longest (each further wrong "
        + "password doubles it); see docs/security.md");

  public static final Setting<Integer> LOGIN_LOCK_MAX_SECONDS = atLeast("HERALD_LOGIN_LOCK_MAX_SECONDS", 1, 300)
    .documented("`300`",
      "wrong passwords in a row that lock a username, the first lock, and the longest (each further wrong "
        + "password doubles it); see docs/security.md");

  public static final Setting<Integer> COMPLAINTS_PER_USER = atLeast("HERALD_COMPLAINTS_PER_USER", 1, 30)
    .documented("`30`",
      "per user and window: `POST /complaints`, `POST /notifications`, `POST /notifications/broadcast`; "
        + "beyond them 429 with `Retry-After`");

  public static final Setting<Integer> NOTIFICATIONS_PER_USER = atLeast("HERALD_NOTIFICATIONS_PER_USER", 1, 600)
    .documented("`600`",
      "per user and window: `POST /complaints`, `POST /notifications`, `POST /notifications/broadcast`; "
        + "beyond them 429 with `Retry-After`");

  public static final Setting<Integer> BROADCASTS_PER_USER = atLeast("HERALD_BROADCASTS_PER_USER", 1, 10)
    .documented("`10`",
      "per user and window: `POST /complaints`, `POST /notifications`, `POST /notifications/broadcast`; "
        + "beyond them 429 with `Retry-After`");

  public static final Setting<Integer> WRITE_WINDOW_SECONDS = atLeast("HERALD_WRITE_WINDOW_SECONDS", 1, 60)
    .documented("`60`",
      "per user and window: `POST /complaints`, `POST /notifications`, `POST /notifications/broadcast`; "
        + "beyond them 429 with `Retry-After`");

  public static final Setting<Integer> ADDRESS_CHANGES_PER_HOUR = atLeast("HERALD_ADDRESS_CHANGES_PER_HOUR", 1, 5)
    .documented("`5`",
      "per user and hour: `PATCH /auth/me` requests that set an email address (each may send a confirmation mail, "
        + "also to an address that is not the user's); beyond them 429 with `Retry-After`, nothing changed");

  public static final Setting<Integer> ADDRESS_CHANGES_PER_ADDRESS = atLeast("HERALD_ADDRESS_CHANGES_PER_ADDRESS", 1, 5)
    .documented("`5`",
      "per email address and hour, whoever asks: `PATCH /auth/me` requests that set that address, so that several "
        + "accounts together cannot mail one address again and again; beyond them 429 with `Retry-After`, nothing "
        + "changed");

  public static final Setting<Integer> REQUEST_TIMEOUT_MS = atLeast("HERALD_REQUEST_TIMEOUT_MS", 1, 10_000)
    .documented("`10000`", "event-bus request timeout; a timeout answers 503. PostgreSQL ends a Herald "
      + "transaction idle for half of it (a node frozen mid-write then holds no other node's writes for longer)");

  public static final Setting<Integer> RETENTION_DAYS = atLeast("HERALD_NOTIFICATION_RETENTION_DAYS", 1, 90)
    .documented("`90`", "read or deleted notifications older than this are purged; unread ones are kept");

  public static final Setting<Integer> IDEMPOTENCY_KEY_RETENTION_DAYS = atLeast("HERALD_IDEMPOTENCY_KEY_RETENTION_DAYS", 1, 7)
    .documented("`7`", "a producer's `idempotency_key` is remembered this long (purged with the notification retention; "
      + "a broadcast's key stays while it is being written): a repeat after that is a new request");

  public static final Setting<Integer> RETENTION_INTERVAL_MINUTES = atLeast("HERALD_RETENTION_INTERVAL_MINUTES", 0, 60)
    .documented("`60`",
      "how often retention runs, for notifications and for Telegram's rows (one node at a time, "
        + "cluster-wide lock, batches of 5000); 0 disables it");

  public static final Setting<String> ALLOWED_ORIGINS = text("HERALD_ALLOWED_ORIGINS", "")
    .documented("(empty)",
      "comma-separated browser Origins allowed on `/ws/*` and every `/eventbus/*` transport besides "
        + "same-origin; `*` allows all");

  public static final Setting<String> TRUSTED_PROXIES = checked("HERALD_TRUSTED_PROXIES", "", TrustedProxies::parse,
      "comma-separated IP addresses or CIDR ranges")
    .documented("(empty)",
      "comma-separated addresses or CIDR ranges of load balancers in front of Herald; only their "
        + "`X-Forwarded-For` is believed, and per-client limits then apply to the address they forward "
        + "(docs/security.md)");

  public static final Setting<Integer> HTTP_IDLE_TIMEOUT_MS = atLeast("HERALD_HTTP_IDLE_TIMEOUT_MS", 1, 60_000)
    .documented("`60000`",
      "a connection with no traffic either way this long is closed (the public port, the API's port and the "
        + "loopback port of SockJS's HTTP transports); also how long a "
        + "kept-alive connection may wait for its next request");

  public static final Setting<Integer> HTTP_HEADER_TIMEOUT_MS = atLeast("HERALD_HTTP_HEADER_TIMEOUT_MS", 1, 10_000)
    .documented("`10000`",
      "a connection's first request line and headers must arrive within this of its opening, or it is "
        + "closed (later requests on a kept-alive connection get `HERALD_HTTP_IDLE_TIMEOUT_MS`)");

  public static final Setting<Integer> HTTP_BODY_TIMEOUT_MS = atLeast("HERALD_HTTP_BODY_TIMEOUT_MS", 1, 30_000)
    .documented("`30000`",
      "a request body must arrive within this of its headers, or `408` and the connection is closed");

  public static final Setting<Integer> HTTP_CONNECTIONS_PER_IP = atLeast("HERALD_HTTP_CONNECTIONS_PER_IP", 1, 10_000)
    .documented("`10000`",
      "open connections from one peer address on the public port (trusted proxies are not capped); beyond "
        + "it a connection is closed at once");

  public static final Setting<Integer> RELAY_MAX_IN_FLIGHT = atLeast("HERALD_RELAY_MAX_IN_FLIGHT", 1, 1_024)
    .documented("`1024`", "requests relayed to the API at once; beyond it `503` with `Retry-After`");

  public static final Setting<Integer> RELAY_TIMEOUT_MS = atLeast("HERALD_RELAY_TIMEOUT_MS", 1, 30_000)
    .documented("`30000`",
      "the relay's connect timeout and how long the API may stay silent on a relayed request (`502`)");

  public static final Setting<Integer> WS_PING_INTERVAL_MS = atLeast("HERALD_WS_PING_INTERVAL_MS", 1, 25_000)
    .documented("`25000`", "WebSocket ping / SockJS heartbeat interval");

  public static final Setting<Integer> WS_IDLE_TIMEOUT_MS = atLeast("HERALD_WS_IDLE_TIMEOUT_MS", 1, 70_000)
    .documented("`70000`", "a raw WebSocket silent this long is closed (4408)");

  public static final Setting<Integer> WS_FRAMES_PER_SECOND = atLeast("HERALD_WS_FRAMES_PER_SECOND", 1, 20)
    .documented("`20`", "per-connection frame rate limit (token bucket); beyond it an `error` frame, then close 1008");

  public static final Setting<Integer> WS_FRAME_BURST = atLeast("HERALD_WS_FRAME_BURST", 1, 40)
    .documented("`40`", "per-connection frame rate limit (token bucket); beyond it an `error` frame, then close 1008");

  public static final Setting<Boolean> CLUSTERED = bool("HERALD_CLUSTERED", false)
    .documented("`false`",
      "join a Hazelcast cluster (TCP-IP join with the member list below; never multicast). Needs the "
        + "external PostgreSQL every node shares (`HERALD_PG_URL` or `HERALD_PG_HOST`); without one the node "
        + "refuses to start. See [docs/deployment.md](docs/deployment.md)");

  public static final Setting<String> CLUSTER_NAME = text("HERALD_CLUSTER_NAME", "herald")
    .documented("`herald`", "Hazelcast cluster name; nodes with another name never join");

  public static final Setting<String> CLUSTER_MEMBERS = text("HERALD_CLUSTER_MEMBERS", null)
    .documented("the node's `HERALD_CLUSTER_HOST`",
      "comma-separated `host:port` of the members to join (list every node; a node may list itself)");

  public static final Setting<String> CLUSTER_HOST = text("HERALD_CLUSTER_HOST", "127.0.0.1")
    .documented("`127.0.0.1`", "interface that Hazelcast and the clustered event bus bind to");

  public static final Setting<String> CLUSTER_PUBLIC_HOST = text("HERALD_CLUSTER_PUBLIC_HOST", null)
    .documented("(the bind host)", "address other nodes use to reach this one (behind NAT or in containers)");

  public static final Setting<Integer> CLUSTER_PORT = port("HERALD_CLUSTER_PORT", 5701)
    .documented("`5701`", "Hazelcast's port (no auto-increment: one node per host and port)");

  public static final Setting<Integer> EVENTBUS_PORT = port("HERALD_EVENTBUS_PORT", 0)
    .documented("`0` (any free port)", "the clustered event bus's TCP port; set it when a firewall must know it");

  public static final Setting<Integer> WS_AUTH_TIMEOUT_MS = atLeast("HERALD_WS_AUTH_TIMEOUT_MS", 1, 10_000)
    .documented("`10000`", "a raw WebSocket or SockJS session not authenticated this long is closed (4401)");

  public static final Setting<Integer> WS_OUTBOUND_QUEUE_BYTES = atLeast("HERALD_WS_OUTBOUND_QUEUE_BYTES", 1, 1_048_576)
    .documented("`1048576`",
      "bytes written to one socket and not yet sent; a client that lets more pile up is closed (4429) and "
        + "resumes later");

  public static final Setting<Integer> WS_MAX_SOCKETS_PER_USER = atLeast("HERALD_WS_MAX_SOCKETS_PER_USER", 1, 50)
    .documented("`50`", "open sockets (both transports) of one user on one node; beyond it an error, then close 1008");

  public static final Setting<Integer> WS_MAX_SOCKETS_PER_IP = atLeast("HERALD_WS_MAX_SOCKETS_PER_IP", 1, 5_000)
    .documented("`5000`", "open sockets (both transports, signed in or not) from one client address on one node");

  public static final Setting<Integer> WS_RESUMES_PER_MINUTE = atLeast("HERALD_WS_RESUMES_PER_MINUTE", 1, 60)
    .documented("`60`",
      "resumes per user on one node (token bucket); beyond it the resume is answered with an error, the "
        + "socket stays");

  public static final Setting<Integer> WS_RESUME_BURST = atLeast("HERALD_WS_RESUME_BURST", 1, 50)
    .documented("`50`",
      "resumes per user on one node (token bucket); beyond it the resume is answered with an error, the "
        + "socket stays");

  public static final Setting<Integer> SOCKETS_INSTANCES = atLeast("HERALD_SOCKETS_INSTANCES", 0, 0)
    .documented("`0` (one per available processor)",
      "instances of the sockets verticle, each an event loop of its own on the shared public port; the caps, stats and "
        + "health above stay per node. One of them serves SockJS's HTTP transports (xhr, eventsource, htmlfile, jsonp) "
        + "for all, the others relay those requests to it over loopback, since one session's requests must be "
        + "handled on one event loop (docs/sockets.md)");

  public static final Setting<Integer> CLUSTER_FAILURE_TIMEOUT_SECONDS = atLeast("HERALD_CLUSTER_FAILURE_TIMEOUT_SECONDS", 1, 15)
    .documented("`15`",
      "a member silent this long (dead, frozen, cut off) is dropped from the cluster; a node cut off "
        + "longer leaves and exits with 75, to be restarted as a fresh member");

  public static final Setting<String> CLUSTER_LOG_LEVEL = logLevel("HERALD_CLUSTER_LOG_LEVEL", "WARN")
    .documented("`WARN`", "log level of Hazelcast's own loggers (membership changes are logged by Herald at INFO); "
      + "`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `OFF` or `ALL`, in any case")
    .readBy("env or system property only");

  public static final Setting<String> EVENTBUS_TLS_KEYSTORE = text("HERALD_EVENTBUS_TLS_KEYSTORE", null)
    .documented("(none)",
      "this node's key and certificate for mutual TLS on the event bus between nodes (PKCS#12, JKS when "
        + "named `*.jks`); needs the truststore below (docs/security.md)");

  public static final Setting<String> EVENTBUS_TLS_KEYSTORE_PASSWORD = text("HERALD_EVENTBUS_TLS_KEYSTORE_PASSWORD", null).secret()
    .documented("(none)",
      "this node's key and certificate for mutual TLS on the event bus between nodes (PKCS#12, JKS when "
        + "named `*.jks`); needs the truststore below (docs/security.md)");

  public static final Setting<String> EVENTBUS_TLS_TRUSTSTORE = text("HERALD_EVENTBUS_TLS_TRUSTSTORE", null)
    .documented("(none)", "the CA certificates a peer node's certificate must chain to");

  public static final Setting<String> EVENTBUS_TLS_TRUSTSTORE_PASSWORD = text("HERALD_EVENTBUS_TLS_TRUSTSTORE_PASSWORD", null).secret()
    .documented("(none)", "the CA certificates a peer node's certificate must chain to");

  public static final Setting<String> TELEGRAM_BOT_TOKEN = text("TELEGRAM_BOT_TOKEN", null).secret()
    .documented("(none)", "bot token; without it Telegram is off (logged once) and everything else runs");

  public static final Setting<String> TELEGRAM_API_BASE_URL = url("TELEGRAM_API_BASE_URL", "https://api.telegram.org")
    .documented("`https://api.telegram.org`", "Bot API base URL");

  public static final Setting<Long> TELEGRAM_ADMIN_CHAT_ID = chatId("TELEGRAM_ADMIN_CHAT_ID")
    .documented("(none)", "seeds the first admin chat into the alert settings on first start");

  public static final Setting<String> TELEGRAM_WEBHOOK_URL = url("TELEGRAM_WEBHOOK_URL", null)
    .documented("(none)",
      "when set, updates arrive on `POST /telegram/webhook`; otherwise Herald long-polls `getUpdates` (one "
        + "node at a time)");

  public static final Setting<String> TELEGRAM_WEBHOOK_SECRET = text("TELEGRAM_WEBHOOK_SECRET", null).secret()
    .documented("(none)",
      "required in webhook mode: a call without a matching `X-Telegram-Bot-Api-Secret-Token` gets 401");

  public static final Setting<JsonObject> TELEGRAM_TUNING = tuning("HERALD_TELEGRAM_TUNING", TelegramOptions.TUNING)
    .documented("`{}`",
      "JSON object overriding Telegram pacing (`send_interval_ms` 250, `global_per_second` 30, "
        + "`chat_gap_ms` 1000, `group_gap_ms` 3000, `lease_ms` 60000, `max_attempts` 12, `backoff_base_ms` "
        + "1000, `backoff_max_ms` 600000, `request_timeout_ms` 10000, `poll_timeout_seconds` 25, `poll_retry_ms` "
        + "2000, `lock_wait_ms` 5000, `rate_minute_ms` 60000)");

  public static final Setting<String> OVERDUE_AFTER = checked("HERALD_OVERDUE_AFTER", OverdueThresholds.DEFAULT,
      OverdueThresholds::parse, "severity=duration pairs like critical=30m (units s, m, h, d)")
    .documented("`critical=1h,high=4h,medium=1d,low=3d`",
      "how long a complaint of each severity may stay open or in progress before the dashboard marks it "
        + "overdue (`GET /complaints?overdue=true`); units `s`, `m`, `h`, `d`; severities left out keep their "
        + "default");

  public static final Setting<String> SMTP_HOST = text("HERALD_SMTP_HOST", null)
    .documented("(none)", "SMTP server for mail; without it email is off (logged once) and mails wait in the outbox");

  public static final Setting<Integer> SMTP_PORT = port("HERALD_SMTP_PORT", 587)
    .documented("`587`", "its port");

  public static final Setting<String> SMTP_STARTTLS = oneOf("HERALD_SMTP_STARTTLS", "optional", "disabled", "optional", "required")
    .documented("`optional`", "`disabled`, `optional` or `required` (anything else refuses to start)");

  public static final Setting<String> SMTP_USER = text("HERALD_SMTP_USER", null)
    .documented("(none)", "login; without a user Herald does not log in. The password is a secret, never logged");

  public static final Setting<String> SMTP_PASSWORD = text("HERALD_SMTP_PASSWORD", null).secret()
    .documented("(none)", "login; without a user Herald does not log in. The password is a secret, never logged");

  public static final Setting<String> SMTP_FROM = text("HERALD_SMTP_FROM", "herald@localhost")
    .documented("`herald@localhost`", "the `From` of every mail");

  public static final Setting<JsonObject> EMAIL_TUNING = tuning("HERALD_EMAIL_TUNING", EmailOptions.TUNING)
    .documented("`{}`",
      "JSON object overriding the email outbox (`send_interval_ms` 500, `batch` 20, `lease_ms` 120000, "
        + "`domain_gap_ms` 1000, `max_attempts` 10, `backoff_base_ms` 60000, `backoff_max_ms` 21600000, "
        + "`send_timeout_ms` 60000, `read_link_ttl_ms` 14 days, `verify_link_ttl_ms` 3 days); see "
        + "docs/channels.md");

  public static final Setting<String> LOG_LEVEL = logLevel("HERALD_LOG_LEVEL", "INFO")
    .documented("`INFO`", "log level of Herald's own loggers; `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `OFF` or `ALL`, in any case")
    .readBy("env or system property only");

  public static final Setting<Integer> API_INSTANCES = atLeast("HERALD_API_INSTANCES", 0, 0)
    .documented("`0` (one per available processor)",
      "instances of the REST API verticle, each on its own event loop, sharing its port");

  public static final Setting<Integer> PERSISTENCE_INSTANCES = atLeast("HERALD_PERSISTENCE_INSTANCES", 0, 0)
    .documented("`0` (one per available processor)",
      "instances of the persistence verticle answering requests; the retention and counter-purge timers run once "
        + "per node whatever the number");

  public static final Setting<Integer> PRODUCER_INSTANCES = atLeast("HERALD_PRODUCER_INSTANCES", 0, 1)
    .documented("`1`",
      "instances of the producer writer (`POST /api/v1/notifications` and broadcasts), each committing its writes "
        + "in groups on one connection of its own; `0`: one per available processor. Sockets keep each user's "
        + "notifications in order whatever the number (docs/sockets.md)");

  public static final Setting<String> LOG_FORMAT = exactlyOneOf("HERALD_LOG_FORMAT", "text", "text", "json")
    .documented("`text`",
      "`text`: readable lines, a request's lines ending in `[req <id>]`; `json`: one JSON object per line "
        + "for log shippers, the request id in `mdc.request_id` (docs/operations.md)")
    .readBy("env or system property only");

  public static final Setting<String> METRICS_TOKEN = text("HERALD_METRICS_TOKEN", null).secret()
    .documented("(none)",
      "a long-lived bearer token for `GET /metrics` (a Prometheus scraper); without it only an admin's "
        + "access token reads the metrics");

  public static final Setting<Integer> METRICS_PORT = port("HERALD_METRICS_PORT", null)
    .documented("(none)",
      "when set, a port of its own that serves only `GET /metrics`, **without a token** (`0`: any free "
        + "port)");

  public static final Setting<String> METRICS_HOST = text("HERALD_METRICS_HOST", "127.0.0.1")
    .documented("`127.0.0.1`", "interface of that metrics port; whoever reaches it reads the metrics");

  public static final Setting<Integer> METRICS_SAMPLE_MS = atLeast("HERALD_METRICS_SAMPLE_MS", 1, 5_000)
    .documented("`5000`", "how often the Telegram outbox's depth and oldest pending age are read for the metrics");

  public static final Setting<Integer> TELEGRAM_OUTBOX_RETENTION_DAYS = atLeast("HERALD_TELEGRAM_OUTBOX_RETENTION_DAYS", 1, 30)
    .documented("`30`",
      "sent or failed Telegram messages older than this are purged (with the retention run, one node at a "
        + "time)");

  public static final Setting<Integer> TELEGRAM_UPDATES_RETENTION_DAYS = atLeast("HERALD_TELEGRAM_UPDATES_RETENTION_DAYS", 1, 7)
    .documented("`7`",
      "processed bot update ids older than this are purged; keep it above a day, the time Telegram may "
        + "redeliver an update");

  public static final Setting<Integer> TELEGRAM_CONVERSATION_RETENTION_DAYS = atLeast("HERALD_TELEGRAM_CONVERSATION_RETENTION_DAYS", 1, 7)
    .documented("`7`", "a bot conversation (a complaint being written in the chat) left untouched this long is dropped");

  public static final Setting<String> TELEGRAM_BOT_USERNAME = text("HERALD_TELEGRAM_BOT_USERNAME", null)
    .documented("(none)",
      "the bot's username (without `@`), for the deep link `https://t.me/<bot>?start=<code>` that links a user's "
        + "own chat; without it users send `/start <code>` themselves");

  public static final Setting<Integer> TELEGRAM_LINK_CODE_MINUTES = atLeast("HERALD_TELEGRAM_LINK_CODE_MINUTES", 1, 15)
    .documented("`15`", "how long a personal link code (`POST /auth/me/telegram-link`) stays usable");

  public static final Setting<JsonObject> ESCALATION = Setting.of("HERALD_ESCALATION", EscalationLadder.defaults(),
      "a JSON ladder per notification type and priority (docs/channels.md)", value -> {
        try {
          return EscalationLadder.validated(value instanceof JsonObject json ? json.copy() : new JsonObject(String.valueOf(value)));
        } catch (RuntimeException e) {
          throw new Setting.Detailed(e.getMessage());
        }
      })
    .documented("`" + EscalationLadder.defaults().encode() + "` (critical: Telegram after 2 min unless online, then "
        + "email after 10 min; normal: none)",
      "JSON ladder per notification type (`*` for any) and priority; `{}` for none; see docs/channels.md");

  public static final Setting<JsonObject> ESCALATION_TUNING = tuning("HERALD_ESCALATION_TUNING", EscalationOptions.TUNING)
    .documented("`{}`",
      "JSON object overriding the escalation runner (`interval_ms` 1000, `batch` 50, `lease_ms` 60000, "
        + "`presence_wait_ms` 500)");

  public static final Setting<String> DEFAULT_LOCALE = oneOf("HERALD_DEFAULT_LOCALE", "en", "en", "el")
    .documented("`en`",
      "the organisation's language (`en`, `el`): Telegram alerts and digests to admin and hostel chats are written in "
        + "it; users' own notifications follow each user's `locale` (docs/channels.md)");

  public static final Setting<JsonObject> DIGEST_TUNING = tuning("HERALD_DIGEST_TUNING", DigestOptions.TUNING)
    .documented("`{}`",
      "JSON object overriding the daily digest's runner (`interval_ms` 60000, how often each node looks for due "
        + "digests, 0 for never; `batch` 100; `max_items` 20, the notifications one digest lists); see docs/channels.md");

  public static final Setting<JsonObject> BROADCAST_TUNING = tuning("HERALD_BROADCAST_TUNING", BroadcastOptions.TUNING)
    .documented("`{}`",
      "JSON object overriding how broadcasts are written (`slice` 1000, the recipients written and published per "
        + "transaction; `lease_ms` 30000, after which another node finishes a broadcast whose node stopped writing "
        + "it); see docs/notifications.md");

  /** Every setting, in README.md's order. */
  public static final List<Setting<?>> ALL = List.of(
    CONFIG_FILE, HTTP_HOST, HTTP_PORT, API_HOST, API_PORT, PUBLIC_URL, WEBROOT, DATA_DIR, PG_URL, PG_HOST, PG_PORT,
    PG_DATABASE, PG_USER, PG_PASSWORD, PG_POOL_SIZE, ADMIN_PASSWORD, JWT_SECRET, JWT_ACCESS_MINUTES, BCRYPT_COST,
    BCRYPT_THREADS, BCRYPT_QUEUE, LOGINS_PER_ADDRESS, LOGINS_PER_USERNAME, LOGIN_WINDOW_SECONDS, LOGIN_LOCK_AFTER,
    LOGIN_LOCK_SECONDS, LOGIN_LOCK_MAX_SECONDS, COMPLAINTS_PER_USER, NOTIFICATIONS_PER_USER, BROADCASTS_PER_USER,
    WRITE_WINDOW_SECONDS, ADDRESS_CHANGES_PER_HOUR, ADDRESS_CHANGES_PER_ADDRESS, REQUEST_TIMEOUT_MS, RETENTION_DAYS, IDEMPOTENCY_KEY_RETENTION_DAYS, RETENTION_INTERVAL_MINUTES, ALLOWED_ORIGINS,
    TRUSTED_PROXIES, HTTP_IDLE_TIMEOUT_MS, HTTP_HEADER_TIMEOUT_MS, HTTP_BODY_TIMEOUT_MS, HTTP_CONNECTIONS_PER_IP,
    RELAY_MAX_IN_FLIGHT, RELAY_TIMEOUT_MS, WS_PING_INTERVAL_MS, WS_IDLE_TIMEOUT_MS, WS_FRAMES_PER_SECOND,
    WS_FRAME_BURST, CLUSTERED, CLUSTER_NAME, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PUBLIC_HOST, CLUSTER_PORT,
    EVENTBUS_PORT, WS_AUTH_TIMEOUT_MS, WS_OUTBOUND_QUEUE_BYTES, WS_MAX_SOCKETS_PER_USER, WS_MAX_SOCKETS_PER_IP,
    WS_RESUMES_PER_MINUTE, WS_RESUME_BURST, SOCKETS_INSTANCES, CLUSTER_FAILURE_TIMEOUT_SECONDS, CLUSTER_LOG_LEVEL,
    EVENTBUS_TLS_KEYSTORE, EVENTBUS_TLS_KEYSTORE_PASSWORD, EVENTBUS_TLS_TRUSTSTORE, EVENTBUS_TLS_TRUSTSTORE_PASSWORD,
    TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, TELEGRAM_ADMIN_CHAT_ID, TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET,
    TELEGRAM_TUNING, OVERDUE_AFTER, SMTP_HOST, SMTP_PORT, SMTP_STARTTLS, SMTP_USER, SMTP_PASSWORD, SMTP_FROM,
    EMAIL_TUNING, LOG_LEVEL, API_INSTANCES, PERSISTENCE_INSTANCES, PRODUCER_INSTANCES, LOG_FORMAT, METRICS_TOKEN, METRICS_PORT,
    METRICS_HOST, METRICS_SAMPLE_MS, TELEGRAM_OUTBOX_RETENTION_DAYS, TELEGRAM_UPDATES_RETENTION_DAYS,
    TELEGRAM_CONVERSATION_RETENTION_DAYS, TELEGRAM_BOT_USERNAME, TELEGRAM_LINK_CODE_MINUTES, ESCALATION,
    ESCALATION_TUNING, DEFAULT_LOCALE, DIGEST_TUNING, BROADCAST_TUNING);

  /**
   * The settings logback reads itself, from a system property or else the environment, before Herald's configuration is
   * read: {@link LogbackSettings} checks them as logback sees them.
   */
  public static final List<Setting<String>> LOGBACK = List.of(LOG_LEVEL, CLUSTER_LOG_LEVEL, LOG_FORMAT);

  private Settings() {
  }

  /** Settings read from the configuration (file, environment, system properties), not only by the launcher or logback. */
  public static List<Setting<?>> configured() {
    return ALL.stream().filter(setting -> setting.readBy() == null).toList();
  }

  private static Setting<String> text(String key, String defaultValue) {
    return Setting.of(key, defaultValue, "text", String::valueOf);
  }

  private static Setting<String> longText(String key, int minLength) {
    return Setting.of(key, null, "at least " + minLength + " characters", value -> {
      String text = String.valueOf(value);
      if (text.length() < minLength) {
        throw new IllegalArgumentException();
      }
      return text;
    });
  }

  /** Text that {@code check} accepts (it throws {@link IllegalArgumentException} with what is wrong). */
  private static Setting<String> checked(String key, String defaultValue, Function<String, ?> check, String accepted) {
    return Setting.of(key, defaultValue, accepted, value -> {
      String text = String.valueOf(value);
      try {
        check.apply(text);
      } catch (IllegalArgumentException e) {
        throw new Setting.Detailed(e.getMessage());
      }
      return text;
    });
  }

  private static Setting<String> url(String key, String defaultValue) {
    return Setting.of(key, defaultValue, "an http:// or https:// URL", value -> {
      URI uri = URI.create(String.valueOf(value));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return String.valueOf(value);
    });
  }

  private static Setting<String> oneOf(String key, String defaultValue, String... values) {
    List<String> accepted = List.of(values);
    return Setting.of(key, defaultValue, "one of " + String.join(", ", accepted), value -> {
      String text = String.valueOf(value).toLowerCase(Locale.ROOT);
      if (!accepted.contains(text)) {
        throw new IllegalArgumentException();
      }
      return text;
    });
  }

  /** One of {@code values}, in exactly that case (logback's appender names are case-sensitive). */
  private static Setting<String> exactlyOneOf(String key, String defaultValue, String... values) {
    List<String> accepted = List.of(values);
    return Setting.of(key, defaultValue, "one of " + String.join(", ", accepted) + " (in lower case)", value -> {
      String text = String.valueOf(value);
      if (!accepted.contains(text)) {
        throw new IllegalArgumentException();
      }
      return text;
    });
  }

  /** A level logback knows, in any case: it takes any other word for DEBUG. */
  private static Setting<String> logLevel(String key, String defaultValue) {
    List<String> levels = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");
    return Setting.of(key, defaultValue, "one of " + String.join(", ", levels) + " (in any case)", value -> {
      String text = String.valueOf(value).toUpperCase(Locale.ROOT);
      if (!levels.contains(text)) {
        throw new IllegalArgumentException();
      }
      return text;
    });
  }

  private static Setting<Boolean> bool(String key, boolean defaultValue) {
    return Setting.of(key, defaultValue, "true or false", value -> switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException();
    });
  }

  private static Setting<Integer> port(String key, Integer defaultValue) {
    return between(key, 0, 65_535, defaultValue);
  }

  private static Setting<Integer> atLeast(String key, int min, int defaultValue) {
    return between(key, min, Integer.MAX_VALUE, defaultValue);
  }

  private static Setting<Integer> between(String key, int min, int max, Integer defaultValue) {
    String accepted = "a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max);
    return Setting.of(key, defaultValue, accepted, value -> {
      long number = Long.parseLong(String.valueOf(value));
      if (number < min || number > max) {
        throw new IllegalArgumentException();
      }
      return (int) number;
    });
  }

  private static Setting<Long> chatId(String key) {
    return Setting.of(key, null, "a Telegram chat id (a whole number)", value -> Long.parseLong(String.valueOf(value)));
  }

  /**
   * A JSON object (an object in the file, JSON text in the environment) of whole numbers, 0 or more, under the names
   * {@code names}; the empty object by default.
   */
  private static Setting<JsonObject> tuning(String key, List<String> names) {
    return Setting.of(key, new JsonObject(), "a JSON object of whole numbers (0 or more) named " + String.join(", ", names),
      value -> {
        JsonObject object = value instanceof JsonObject json ? json.copy() : new JsonObject(String.valueOf(value));
        for (String name : object.fieldNames()) {
          if (!names.contains(name)) {
            throw new Setting.Detailed("unknown name '" + name + "'");
          }
          Object number = object.getValue(name);
          if (!(number instanceof Integer || number instanceof Long) || ((Number) number).longValue() < 0) {
            throw new Setting.Detailed(name + " is not a whole number, 0 or more");
          }
        }
        return object;
      });
  }
}
