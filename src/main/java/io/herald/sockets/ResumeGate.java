package io.herald.sockets;

import io.herald.notify.Envelopes;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Holds one connection's live envelopes back while a replay runs, then lets them through without the
 * notifications the replay already sent. Holding starts before the replay query, so a row committed while
 * the query runs is either in the replay or arrives live afterwards; the id set removes the overlap.
 * What it holds may wrap the envelope (a SockJS bridge message carries it as its {@code body}).
 */
final class ResumeGate {

  private final UnaryOperator<JsonObject> envelopeOf;
  private List<JsonObject> held;
  private Set<Long> replayed = Set.of();

  /** A gate over bare envelopes (the raw WebSocket). */
  ResumeGate() {
    this(UnaryOperator.identity());
  }

  ResumeGate(UnaryOperator<JsonObject> envelopeOf) {
    this.envelopeOf = envelopeOf;
  }

  boolean holding() {
    return held != null;
  }

  void hold() {
    held = new ArrayList<>();
  }

  /** True when the message may be written now; false when it is held or was already replayed. */
  boolean admit(JsonObject envelope) {
    if (held != null) {
      held.add(envelope);
      return false;
    }
    return !alreadyReplayed(envelope);
  }

  /** Ends holding; returns the held envelopes, in arrival order, that the replay did not already cover. */
  List<JsonObject> release(List<JsonObject> replayedRows) {
    Set<Long> ids = new HashSet<>();
    replayedRows.forEach(row -> ids.add(row.getLong("id")));
    replayed = ids;
    List<JsonObject> pending = held == null ? List.of() : held;
    held = null;
    return pending.stream().filter(envelope -> !alreadyReplayed(envelope)).toList();
  }

  private boolean alreadyReplayed(JsonObject message) {
    JsonObject envelope = envelopeOf.apply(message);
    return envelope != null && Envelopes.isNotification(envelope) && replayed.contains(Envelopes.notificationId(envelope));
  }
}
