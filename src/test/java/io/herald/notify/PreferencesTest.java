package io.herald.notify;

import io.herald.bus.DomainException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreferencesTest {

  private static final JsonObject NIGHT_IN_BERLIN = new JsonObject().put("quiet_hours",
    new JsonObject().put("start", "22:00").put("end", "07:00").put("zone", "Europe/Berlin"));

  @Test
  void defaultsAllowInAppAndTelegramButNotEmail() {
    Preferences defaults = Preferences.defaults();
    assertThat(defaults.allows(NotificationType.STATUS_UPDATE, NotificationType.IN_APP)).isTrue();
    assertThat(defaults.allows(NotificationType.STATUS_UPDATE, NotificationType.TELEGRAM)).isTrue();
    assertThat(defaults.allows(NotificationType.STATUS_UPDATE, NotificationType.EMAIL)).isFalse();
    assertThat(defaults.inQuietHours(Instant.parse("2026-11-23T03:00:00Z"))).isFalse();
  }

  @Test
  void quietHoursSpanMidnightInTheUsersZone() {
    Preferences night = Preferences.fromJson(NIGHT_IN_BERLIN);
    assertThat(night.inQuietHours(Instant.parse("2026-11-23T22:30:00Z"))).isTrue();
    assertThat(night.inQuietHours(Instant.parse("2026-11-23T05:59:00Z"))).isTrue();
    assertThat(night.inQuietHours(Instant.parse("2026-11-23T06:00:00Z"))).isFalse();
    assertThat(night.inQuietHours(Instant.parse("2026-11-23T12:00:00Z"))).isFalse();
  }

  @Test
  void criticalNotificationsBypassQuietHoursOnExternalChannels() {
    Preferences night = Preferences.fromJson(NIGHT_IN_BERLIN);
    Instant midnight = Instant.parse("2026-11-23T23:00:00Z");
    JsonObject critical = new JsonObject().put("data", new JsonObject().put("priority", "critical"));
    assertThat(night.shouldPush(NotificationType.SYSTEM, NotificationType.TELEGRAM, Preferences.isCritical(critical), midnight)).isTrue();
    assertThat(night.shouldPush(NotificationType.SYSTEM, NotificationType.TELEGRAM, false, midnight)).isFalse();
  }

  @Test
  void switchedOffChannelNeverPushesEvenWhenCritical() {
    Preferences off = Preferences.fromJson(new JsonObject().put("types", new JsonObject()
      .put(NotificationType.SYSTEM, new JsonObject().put(NotificationType.TELEGRAM, false))));
    assertThat(off.shouldPush(NotificationType.SYSTEM, NotificationType.TELEGRAM, true, Instant.now())).isFalse();
    assertThat(off.allows(NotificationType.BROADCAST, NotificationType.TELEGRAM)).isTrue();
  }

  @Test
  void nonBooleanSwitchIsRefusedNamingTheField() {
    JsonObject bad = new JsonObject().put("types", new JsonObject()
      .put(NotificationType.SYSTEM, new JsonObject().put(NotificationType.EMAIL, "yes")));
    assertThatThrownBy(() -> Preferences.fromJson(bad))
      .isInstanceOf(DomainException.class).hasMessageContaining("types.system.email");
  }

  @Test
  void savedJsonReadsBackTheSame() {
    Preferences night = Preferences.fromJson(NIGHT_IN_BERLIN);
    assertThat(Preferences.fromJson(night.toJson()).toJson()).isEqualTo(night.toJson());
  }
}
