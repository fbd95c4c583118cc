package io.herald.persistence;

import io.herald.bus.DomainException;
import io.herald.bus.Failures;
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

  private static boolean isProgrammingError(Throwable failure) {
    return failure instanceof NullPointerException || failure instanceof ClassCastException
      || failure instanceof IllegalArgumentException || failure instanceof IllegalStateException
      || failure instanceof IndexOutOfBoundsException || failure instanceof UnsupportedOperationException;
  }
}
