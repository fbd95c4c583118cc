package io.herald.persistence;

import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever went wrong in a database call into a failure code and a message fit for the caller. */
final class SqlFailures {

  private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);

  private SqlFailures() {
  }

  static DomainException classify(String address, Throwable failure) {
    if (failure instanceof DomainException domain) {
      return domain;
    }
    if (failure instanceof PgException pg) {
      return fromSqlState(address, pg);
    }
    if (isProgrammingError(failure)) {
      LOG.error("Request on {} failed", address, failure);
      return new DomainException(Failures.INTERNAL, "internal error");
    }
    LOG.warn("Database unavailable for {}: {}", address, failure.toString());
    return new DomainException(Failures.UNAVAILABLE, "database unavailable");
  }

  static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  private static DomainException fromSqlState(String address, PgException pg) {
    String state = pg.getSqlState() == null ? "" : pg.getSqlState();
    if (state.equals("23505")) {
      return new DomainException(Failures.CONFLICT, "already exists");
    }
    if (state.equals("23503")) {
      return new DomainException(Failures.UNPROCESSABLE, "refers to something that does not exist");
    }
    if (state.startsWith("22") || state.startsWith("23")) {
      return new DomainException(Failures.BAD_REQUEST, "invalid value");
    }
    if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
      LOG.warn("Database unavailable for {}: {} {}", address, state, pg.getErrorMessage());
      return new DomainException(Failures.UNAVAILABLE, "database unavailable");
    }
    LOG.error("SQL error {} on {}: {}", state, address, pg.getErrorMessage());
    return new DomainException(Failures.INTERNAL, "internal error");
  }

  /**
   * A failure of Herald's own code rather than of the database or the way to it: an exception other than the ones
   * the SQL client fails with when it cannot reach the database or loses it ({@link VertxException}s such as
   * {@code ClosedConnectionException} and "Timeout waiting for connection", I/O exceptions such as a refused
   * connection, timeouts, or a message-only failure), or an {@link Error}.
   */
  private static boolean isProgrammingError(Throwable failure) {
    return failure instanceof Error || failure instanceof RuntimeException && !(failure instanceof VertxException);
  }
}
