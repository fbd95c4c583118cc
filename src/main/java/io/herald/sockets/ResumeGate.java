package io.herald.sockets;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds one connection's live envelopes back while a replay runs, then lets them through without the
 * notifications the replay already sent. Holding starts before the replay query, so a row committed while
 * the query runs is either in the replay or arrives live afterwards; the id set removes the overlap.
 */
final class ResumeGate {

  private List<JsonObject> held;
  private Set<Long> replayed = Set.of();

  boolean holding() {
    return held != null;
  }

  void hold() {
    held = new ArrayList<>();
  }

  /** True when the envelope may be written now; false when it is held or was already replayed. */
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

  private boolean alreadyReplayed(JsonObject envelope) {
    return Frames.isNotification(envelope) && replayed.contains(Frames.notificationId(envelope));
  }
}
