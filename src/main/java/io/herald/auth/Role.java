package io.herald.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who a user is to Herald. A {@code service} account stands for another system producing notifications. */
public enum Role {
  ADMIN, PORTER, STUDENT, SERVICE;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public boolean isStaff() {
    return this == ADMIN || this == PORTER;
  }

  public static Optional<Role> fromWire(String value) {
    return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst();
  }
}
