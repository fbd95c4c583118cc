package io.herald.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The HS256 signing secret: the configured one, or one generated on first start and kept in the data folder. */
public final class JwtSecret {

  private static final Logger LOG = LoggerFactory.getLogger(JwtSecret.class);
  private static final String FILE_NAME = "jwt-secret";
  public static final int MIN_LENGTH = 32;

  private JwtSecret() {
  }

  /** Blocking: may read or write the secret file. */
  public static String resolve(String configured, Path dataDirectory) {
    if (configured != null) {
      if (configured.length() < MIN_LENGTH) {
        throw new IllegalArgumentException("HERALD_JWT_SECRET must be at least " + MIN_LENGTH + " characters");
      }
      return configured;
    }
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDirectory);
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, secret, StandardCharsets.UTF_8);
      restrictToOwner(file);
      LOG.info("Generated a JWT signing secret in {}", file.toAbsolutePath());
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the JWT secret in " + file, e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("File system without POSIX permissions; {} keeps its default mode", file);
    }
  }
}
