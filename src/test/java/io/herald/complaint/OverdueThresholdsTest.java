package io.herald.complaint;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverdueThresholdsTest {

  @Test
  void severitiesLeftOutKeepTheirDefaults() {
    OverdueThresholds thresholds = OverdueThresholds.parse(" Critical = 90s , low=2d");

    assertThat(thresholds.toJson()).isEqualTo(new JsonObject()
      .put("low", 172_800).put("medium", 86_400).put("high", 14_400).put("critical", 90));
    assertThat(thresholds.inSeverityOrder()).containsExactly(172_800L, 86_400L, 14_400L, 90L);
  }

  @Test
  void aBlankSettingMeansTheDefaults() {
    assertThat(OverdueThresholds.parse("").toJson()).isEqualTo(OverdueThresholds.parse(OverdueThresholds.DEFAULT).toJson());
    assertThat(OverdueThresholds.parse(null).seconds("high")).isEqualTo(14_400);
  }

  @Test
  void aBadEntryIsRefusedNamingIt() {
    assertThatThrownBy(() -> OverdueThresholds.parse("critical=1h,urgent=5m"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'urgent=5m'");
    assertThatThrownBy(() -> OverdueThresholds.parse("high=0m")).hasMessageContaining("'high=0m'");
    assertThatThrownBy(() -> OverdueThresholds.parse("high=3w")).hasMessageContaining("'high=3w'");
  }
}
