package io.herald.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Salted bcrypt password hashes. Both operations are slow on purpose: call them off the event loop. */
public final class Passwords {

  /** bcrypt reads no more than this; a longer password is refused rather than silently cut. */
  public static final int MAX_BYTES = 72;

  private final int cost;
  /** Checked against when a user does not exist, so that the time taken reveals nothing. */
  private final String decoyHash;

  public Passwords(int cost) {
    this.cost = cost;
    this.decoyHash = hash(UUID.randomUUID().toString());
  }

  /** Whether bcrypt can take the password whole: at most {@link #MAX_BYTES} bytes in UTF-8 (not characters). */
  public static boolean fits(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  public String hash(String password) {
    return new String(BCrypt.withDefaults().hash(cost, bytesOf(password)), StandardCharsets.UTF_8);
  }

  public boolean matches(String password, String hash) {
    String candidate = hash == null ? decoyHash : hash;
    boolean verified = BCrypt.verifyer().verify(bytesOf(password), candidate.getBytes(StandardCharsets.UTF_8)).verified;
    return hash != null && verified;
  }

  private static byte[] bytesOf(String password) {
    if (!fits(password)) {
      throw new IllegalArgumentException("A password may be at most " + MAX_BYTES + " bytes in UTF-8");
    }
    return password.getBytes(StandardCharsets.UTF_8);
  }
}
