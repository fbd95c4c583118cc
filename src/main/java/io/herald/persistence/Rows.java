package io.herald.persistence;

import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small helpers to turn column values into JSON-friendly ones. */
public final class Rows {

  private Rows() {
  }

  public static String time(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }
}
