package io.herald.escalation;

import io.herald.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationLadderTest {

  @Test
  void theDefaultEscalatesCriticalNotificationsOnlyByTelegramThenEmail() {
    JsonObject ladder = EscalationOptions.from(new JsonObject()).ladder();
    JsonArray critical = ladder.getJsonObject("*").getJsonArray("critical");
    assertThat(critical.getJsonObject(0)).isEqualTo(new JsonObject().put("channel", "telegram").put("after_ms", 120_000L)
      .put("unless_online", true));
    assertThat(critical.getJsonObject(1)).isEqualTo(new JsonObject().put("channel", "email").put("after_ms", 600_000L));
    assertThat(ladder.getJsonObject("*").getJsonArray("normal")).isEmpty();
  }

  @Test
  void aLadderWithAMistakeIsRefusedNamingIt() {
    assertRefused(new JsonObject().put("parcel", new JsonObject()), "unknown notification type 'parcel'");
    assertRefused(ladder("urgent", new JsonObject().put("channel", "email").put("after_ms", 0)), "must be one of [critical, normal]");
    assertRefused(ladder("critical", new JsonObject().put("channel", "sms").put("after_ms", 0)), "channel must be one of");
    assertRefused(ladder("critical", new JsonObject().put("channel", "email").put("after_ms", -1)), "after_ms");
    assertRefused(ladder("critical", new JsonObject().put("channel", "email")), "after_ms");
    assertRefused(ladder("critical", new JsonObject().put("channel", "email").put("after_ms", 0).put("delay", 5)), "each step is");
    assertRefused(ladder("normal", new JsonObject().put("channel", "email").put("after_ms", 0).put("unless_online", "yes")),
      "unless_online must be true or false");
  }

  @Test
  void anEmptyLadderIsNoLadder() {
    assertThat(EscalationOptions.from(new JsonObject().put(Settings.ESCALATION.key(), new JsonObject())).ladder()).isEmpty();
  }

  private static JsonObject ladder(String priority, JsonObject step) {
    return new JsonObject().put("status_update", new JsonObject().put(priority, new JsonArray().add(step)));
  }

  private static void assertRefused(JsonObject ladder, String problem) {
    assertThatThrownBy(() -> EscalationLadder.validated(ladder)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("HERALD_ESCALATION").hasMessageContaining(problem);
  }
}
