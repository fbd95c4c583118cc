package io.herald.sockets;

import io.herald.notify.Envelopes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate's decisions on their own, for the orders of arrival a live test cannot force. */
class DeliveryGateTest {

  private final List<Long> fills = new ArrayList<>();
  private final DeliveryGate gate = new DeliveryGate(UnaryOperator.identity(), fills::add);

  private static JsonObject notification(long id, Long previous) {
    return Envelopes.notification(new JsonObject().put("id", id).put("previous_id", previous));
  }

  private static List<Long> ids(List<JsonObject> envelopes) {
    return envelopes.stream().map(Envelopes::notificationId).toList();
  }

  @Test
  void aNewConnectionTakesItsFirstNotificationAsItsStartAndThenKeepsOrder() {
    assertThat(gate.admit(notification(10, 7L))).isTrue();
    assertThat(gate.admit(notification(7, 3L))).as("older than the start: not this connection's").isFalse();
    assertThat(gate.admit(notification(11, 10L))).isTrue();
    assertThat(fills).isEmpty();
  }

  @Test
  void aGapIsFilledOnceAndWhatArrivedMeanwhileFollowsWithoutTheRowsTheFillCovered() {
    gate.hold(5);
    assertThat(gate.release(List.of(), true)).isEmpty();
    assertThat(gate.admit(notification(8, 6L))).as("6 never came").isFalse();
    assertThat(fills).containsExactly(5L);
    assertThat(gate.admit(notification(9, 8L))).as("held while the fill runs").isFalse();
    assertThat(gate.admit(Envelopes.unreadCount(3))).isFalse();

    List<JsonObject> released = gate.release(List.of(new JsonObject().put("id", 6L), new JsonObject().put("id", 8L)), true);

    assertThat(released).hasSize(2);
    assertThat(ids(released)).containsExactly(9L, null);
    assertThat(gate.admit(notification(6, 5L))).as("the late copy of a filled row").isFalse();
  }

  @Test
  void aFillThatFoundNothingStillMovesOnAndAGapInWhatWasHeldHoldsTheRestAgain() {
    gate.hold(5);
    gate.release(List.of(), true);
    gate.admit(notification(8, 6L));
    gate.admit(notification(12, 10L));
    gate.admit(notification(13, 12L));

    assertThat(ids(gate.release(List.of(), true))).as("6 was deleted before the fill read it: 8 goes, 12 waits for 10")
      .containsExactly(8L);
    assertThat(fills).containsExactly(5L, 8L);
    assertThat(gate.holding()).isTrue();
    assertThat(ids(gate.release(List.of(new JsonObject().put("id", 10L)), true))).containsExactly(12L, 13L);
    assertThat(gate.holding()).isFalse();
  }

  @Test
  void aReplayCutShortLeavesTheFloorToTheNextNotificationRatherThanFillingOnAndOn() {
    gate.hold(5);
    assertThat(gate.admit(notification(9_000, 8_999L))).isFalse();
    assertThat(ids(gate.release(List.of(new JsonObject().put("id", 6L)), false))).containsExactly(9_000L);
    assertThat(fills).isEmpty();
  }

  @Test
  void aResumeThatDidNotRunLeavesTheConnectionAsIfNew() {
    gate.hold(5);
    assertThat(gate.admit(notification(9, 8L))).isFalse();
    assertThat(ids(gate.releaseUnreplayed())).containsExactly(9L);
    assertThat(fills).isEmpty();
  }
}
