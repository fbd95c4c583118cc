package io.herald.persistence;

import io.herald.bus.Failures;
import io.herald.support.Await;
import io.herald.support.FreePorts;
import io.herald.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a store's caller is told when its operation fails, over the real bus and with real failures: a database that
 * cannot be reached or is lost is "database unavailable" (503, try again), a mistake in Herald's own handling of a
 * good answer is an internal error (500), never the other way round.
 */
@ExtendWith(VertxExtension.class)
class FailureCodesTest {

  @Test
  void aDatabaseThatRefusesConnectionsIsUnavailable(Vertx vertx) {
    PgConnectOptions nowhere = TestDatabase.settings().connectOptions().setPort(FreePorts.next()).setHost("127.0.0.1");
    Pool pool = PgBuilder.pool().connectingTo(nowhere).with(new PoolOptions().setMaxSize(1)).using(vertx).build();

    assertThat(failureOf(vertx, request -> pool.query("SELECT 1").execute()))
      .satisfies(failure -> assertThat(failure.failureCode()).as(failure.getMessage()).isEqualTo(Failures.UNAVAILABLE))
      .satisfies(failure -> assertThat(failure.getMessage()).isEqualTo("database unavailable"));
  }

  @Test
  void aConnectionLostInTheMiddleOfATransactionIsUnavailable(Vertx vertx) {
    Pool pool = TestDatabase.pool(vertx);

    ReplyException failure = failureOf(vertx, request -> pool.withTransaction(tx -> tx.query(
      "SELECT pg_terminate_backend(pg_backend_pid())").execute()));

    assertThat(failure.failureCode()).as(failure.getMessage()).isEqualTo(Failures.UNAVAILABLE);
  }

  @Test
  void aMistakeInReadingAGoodAnswerIsAnInternalErrorNotAnOutage(Vertx vertx) {
    Pool pool = TestDatabase.pool(vertx);

    ReplyException noRow = failureOf(vertx, request -> pool.query("SELECT 1 WHERE false").execute()
      .map(rows -> rows.iterator().next().getLong(0)));
    ReplyException notJson = failureOf(vertx, request -> pool.query("SELECT 'not json' AS body").execute()
      .map(rows -> new JsonObject(rows.iterator().next().getString("body"))));
    ReplyException noSuchColumn = failureOf(vertx, request -> pool.query("SELECT 1 AS one").execute()
      .map(rows -> {
        Row row = rows.iterator().next();
        return row.getLong("two");
      }));

    assertThat(noRow.failureCode()).as(noRow.getMessage()).isEqualTo(Failures.INTERNAL);
    assertThat(notJson.failureCode()).as(notJson.getMessage()).isEqualTo(Failures.INTERNAL);
    assertThat(noSuchColumn.failureCode()).as(noSuchColumn.getMessage()).isEqualTo(Failures.INTERNAL);
    assertThat(noRow.getMessage()).isEqualTo("internal error");
  }

  /** The failure a caller gets when it asks an address bound to the operation. */
  private static ReplyException failureOf(Vertx vertx, Function<JsonObject, Future<?>> operation) {
    String address = "test.failure-codes." + System.nanoTime();
    BusBinder binder = new BusBinder(vertx.eventBus());
    binder.answer(address, operation);
    Await.await(binder.ready());
    Throwable failure = Await.await(vertx.eventBus().request(address, new JsonObject())
      .<Throwable>transform(answer -> Future.succeededFuture(answer.cause())));
    assertThat(failure).as("the request failed").isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }
}
