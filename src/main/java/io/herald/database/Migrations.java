package io.herald.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema to the newest version with the versioned scripts under {@code db/migration}. Blocking. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static void migrate(DatabaseSettings settings) {
    MigrateResult result = Flyway.configure()
      .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
      .locations("classpath:db/migration")
      .load()
      .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("Database schema migrated to version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
    }
  }
}
