package io.herald.complaint;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Complaint statuses and the explicit table of allowed moves between them. */
public enum Status {
  OPEN, IN_PROGRESS, RESOLVED, REJECTED;

  private static final Map<Status, Set<Status>> TRANSITIONS = Map.of(
    OPEN, EnumSet.of(IN_PROGRESS, REJECTED),
    IN_PROGRESS, EnumSet.of(RESOLVED, REJECTED),
    RESOLVED, EnumSet.of(OPEN),
    REJECTED, EnumSet.of(OPEN));

  public boolean canMoveTo(Status next) {
    return TRANSITIONS.get(this).contains(next);
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Status> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
  }
}
