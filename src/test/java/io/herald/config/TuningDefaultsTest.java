package io.herald.config;

import io.herald.email.EmailOptions;
import io.herald.persistence.BroadcastOptions;
import io.herald.telegram.TelegramOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The defaults that the tuning settings' documentation names are the ones the code uses. */
class TuningDefaultsTest {

  private static final Pattern NAMED_DEFAULT = Pattern.compile("`([a-z_]+)` (\\d+)( days)?");
  private static final long DAY_MS = 86_400_000L;

  @Test
  void telegramTuningDocumentsItsDefaults() {
    TelegramOptions telegram = TelegramOptions.from(new JsonObject());
    Map<String, Long> code = Map.ofEntries(Map.entry(TelegramOptions.SEND_INTERVAL_MS, telegram.sendIntervalMs()),
      Map.entry(TelegramOptions.GLOBAL_PER_SECOND, (long) telegram.globalPerSecond()),
      Map.entry(TelegramOptions.CHAT_GAP_MS, telegram.chatGapMs()), Map.entry(TelegramOptions.GROUP_GAP_MS, telegram.groupGapMs()),
      Map.entry(TelegramOptions.LEASE_MS, telegram.leaseMs()), Map.entry(TelegramOptions.MAX_ATTEMPTS, (long) telegram.maxAttempts()),
      Map.entry(TelegramOptions.BACKOFF_BASE_MS, telegram.backoffBaseMs()),
      Map.entry(TelegramOptions.BACKOFF_MAX_MS, telegram.backoffMaxMs()),
      Map.entry(TelegramOptions.REQUEST_TIMEOUT_MS, telegram.requestTimeoutMs()),
      Map.entry(TelegramOptions.POLL_TIMEOUT_SECONDS, (long) telegram.pollTimeoutSeconds()),
      Map.entry(TelegramOptions.POLL_RETRY_MS, telegram.pollRetryMs()), Map.entry(TelegramOptions.LOCK_WAIT_MS, telegram.lockWaitMs()),
      Map.entry(TelegramOptions.RATE_MINUTE_MS, telegram.rateMinuteMs()));

    assertThat(documented(Settings.TELEGRAM_TUNING)).isEqualTo(code);
  }

  @Test
  void emailTuningDocumentsItsDefaults() {
    EmailOptions email = EmailOptions.from(new JsonObject());
    Map<String, Long> code = Map.of(EmailOptions.SEND_INTERVAL_MS, email.sendIntervalMs(), EmailOptions.BATCH, (long) email.batch(),
      EmailOptions.LEASE_MS, email.leaseMs(), EmailOptions.DOMAIN_GAP_MS, email.domainGapMs(),
      EmailOptions.MAX_ATTEMPTS, (long) email.maxAttempts(), EmailOptions.BACKOFF_BASE_MS, email.backoffBaseMs(),
      EmailOptions.BACKOFF_MAX_MS, email.backoffMaxMs(), EmailOptions.SEND_TIMEOUT_MS, email.sendTimeoutMs(),
      EmailOptions.READ_LINK_TTL_MS, email.readLinkTtlMs(), EmailOptions.VERIFY_LINK_TTL_MS, email.verifyLinkTtlMs());

    assertThat(documented(Settings.EMAIL_TUNING)).isEqualTo(code);
  }

  @Test
  void broadcastTuningDocumentsItsDefaults() {
    BroadcastOptions broadcasts = BroadcastOptions.from(new JsonObject());
    Map<String, Long> code = Map.of(BroadcastOptions.SLICE, (long) broadcasts.slice(), BroadcastOptions.LEASE_MS, broadcasts.leaseMs());

    assertThat(documented(Settings.BROADCAST_TUNING)).isEqualTo(code);
  }

  /** The names and numbers in the documentation line, "`name` 250" or "`name` 14 days". */
  private static Map<String, Long> documented(Setting<?> tuning) {
    Map<String, Long> named = new LinkedHashMap<>();
    Matcher matcher = NAMED_DEFAULT.matcher(tuning.doc());
    while (matcher.find()) {
      long value = Long.parseLong(matcher.group(2));
      named.put(matcher.group(1), matcher.group(3) == null ? value : value * DAY_MS);
    }
    return named;
  }
}
