package io.herald.sockets;

import io.herald.notify.Envelopes;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * What one connection's live messages pass before they are written: its user's notifications go out in id order,
 * each once, with nothing skipped.
 * <ul>
 *   <li>While a replay runs (a resume, or a fill below) live messages are held; the replay's rows go out first, then
 *   the held messages that are not older than what the replay covered, in arrival order.</li>
 *   <li>{@code floor} is the highest id up to which the connection has everything of its user. A notification at or
 *   below it is a duplicate (already written or replayed) and is dropped.</li>
 *   <li>A notification names the user's previous one ({@code previous_id}). When that is above the floor, the bus
 *   delivered it out of order (two nodes published them) or lost it (its node died between the commit and the
 *   publish): the gate holds, and asks its {@code filler} for a replay from the floor. Ids commit in id order, so
 *   the replay has every row the gap stands for.</li>
 * </ul>
 * A connection that gave no {@code last_id} has no floor until its first notification, which sets it just below
 * itself: it receives what is created from then on. What it holds may wrap the envelope (a SockJS bridge message
 * carries it as its {@code body}).
 */
final class DeliveryGate {

  private final UnaryOperator<JsonObject> envelopeOf;
  private final LongConsumer filler;
  private List<JsonObject> held;
  private Long floor;
  private long fillingUpTo;

  /**
   * {@code envelopeOf} finds the envelope in a held message; {@code filler} is asked to replay everything after the
   * given id and to call {@link #release} with the rows (or with none when it failed).
   */
  DeliveryGate(UnaryOperator<JsonObject> envelopeOf, LongConsumer filler) {
    this.envelopeOf = envelopeOf;
    this.filler = filler;
  }

  boolean holding() {
    return held != null;
  }

  /** Starts holding for a replay of everything after {@code afterId}, which the client says it has. */
  void hold(long afterId) {
    held = new ArrayList<>();
    floor = afterId;
    fillingUpTo = afterId;
  }

  /** True when the message may be written now; false when it is held, filled from the inbox or a duplicate. */
  boolean admit(JsonObject message) {
    if (held != null) {
      held.add(message);
      return false;
    }
    JsonObject envelope = envelopeOf.apply(message);
    if (envelope == null || !Envelopes.isNotification(envelope)) {
      return true;
    }
    long id = Envelopes.notificationId(envelope);
    Long previous = Envelopes.previousId(envelope);
    if (floor == null) {
      floor = previous == null ? id - 1 : previous;
    }
    if (id <= floor) {
      return false;
    }
    if (previous != null && previous > floor) {
      held = new ArrayList<>(List.of(message));
      fillingUpTo = previous;
      filler.accept(floor);
      return false;
    }
    floor = id;
    return true;
  }

  /**
   * Ends a hold without a replay (the resume was refused or failed, and the client was told so): the floor is
   * unknown again, and the held messages are let through as to a new connection.
   */
  List<JsonObject> releaseUnreplayed() {
    floor = null;
    fillingUpTo = 0;
    return releaseHeld();
  }

  /**
   * Ends a replay: returns the held messages to write after the replayed rows, in arrival order, without the
   * notifications the replay covered. One of them may open the next gap, which holds the rest again. A replay that was
   * cut short ({@code complete} false: the client reloads its inbox) leaves the floor unknown, as for a new connection.
   */
  List<JsonObject> release(List<JsonObject> replayedRows, boolean complete) {
    if (!complete) {
      return releaseUnreplayed();
    }
    for (JsonObject row : replayedRows) {
      fillingUpTo = Math.max(fillingUpTo, row.getLong("id"));
    }
    floor = floor == null ? fillingUpTo : Math.max(floor, fillingUpTo);
    return releaseHeld();
  }

  private List<JsonObject> releaseHeld() {
    List<JsonObject> pending = held == null ? List.of() : held;
    held = null;
    List<JsonObject> admitted = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      if (held != null) {
        held.addAll(pending.subList(i, pending.size()));
        break;
      }
      if (admit(pending.get(i))) {
        admitted.add(pending.get(i));
      }
    }
    return admitted;
  }
}
