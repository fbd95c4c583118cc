package io.herald.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/** Salted bcrypt password hashes. Both operations are slow on purpose: call them off the event loop. */
public final class Passwords {

  private final int cost;
  /** Checked against when a user does not exist, so that the time taken reveals nothing. */
  private final String decoyHash;

  public Passwords(int cost) {
    this.cost = cost;
    this.decoyHash = hash(java.util.UUID.randomUUID().toString());
  }

  public String hash(String password) {
    return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
  }

  public boolean matches(String password, String hash) {
    String candidate = hash == null ? decoyHash : hash;
    boolean verified = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
      candidate.getBytes(StandardCharsets.UTF_8)).verified;
    return hash != null && verified;
  }
}
