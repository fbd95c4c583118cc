package io.herald.telegram;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class QuietHoursTest {

  private static final JsonObject OVERNIGHT = new JsonObject()
    .put("quiet_hours", new JsonObject().put("start", "22:00").put("end", "07:00").put("zone", "UTC"));

  @Test
  void withoutPreferencesTelegramIsOnAndNeverWaits() {
    assertThat(QuietHours.telegramOn(new JsonObject())).isTrue();
    assertThat(QuietHours.delay(new JsonObject(), ZonedDateTime.parse("2026-11-23T23:00:00Z"))).isZero();
  }

  @Test
  void channelCanBeSwitchedOff() {
    assertThat(QuietHours.telegramOn(new JsonObject().put("types", new JsonObject().put("status_update", new JsonObject().put("telegram", false))))).isFalse();
  }

  @Test
  void duringOvernightQuietHoursTheMessageWaitsUntilTheyEnd() {
    assertThat(QuietHours.delay(OVERNIGHT, ZonedDateTime.parse("2026-11-23T23:30:00Z"))).isEqualTo(Duration.ofMinutes(450));
    assertThat(QuietHours.delay(OVERNIGHT, ZonedDateTime.parse("2026-11-24T06:00:00Z"))).isEqualTo(Duration.ofHours(1));
    assertThat(QuietHours.delay(OVERNIGHT, ZonedDateTime.parse("2026-11-24T12:00:00Z"))).isZero();
  }

  @Test
  void quietHoursAreReadInTheUsersTimeZone() {
    JsonObject kyiv = OVERNIGHT.copy();
    kyiv.getJsonObject("quiet_hours").put("zone", "Europe/Kyiv");

    assertThat(QuietHours.delay(kyiv, ZonedDateTime.parse("2026-11-23T21:00:00Z"))).isEqualTo(Duration.ofHours(8));
  }

  @Test
  void malformedQuietHoursAreIgnored() {
    JsonObject broken = new JsonObject().put("quiet_hours", new JsonObject().put("start", "late").put("end", "07:00"));

    assertThat(QuietHours.delay(broken, ZonedDateTime.parse("2026-11-23T23:00:00Z"))).isZero();
  }
}
