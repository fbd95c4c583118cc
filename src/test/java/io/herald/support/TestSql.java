package io.herald.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the test database, only to arrange fixtures the API cannot make (old rows, disabled users). */
public final class TestSql implements AutoCloseable {

  private final Pool pool;

  public TestSql(Vertx vertx) {
    this.pool = PgBuilder.pool().connectingTo(TestDatabase.settings().connectOptions()).using(vertx).build();
  }

  public long update(String sql, Object... params) {
    return Await.await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).rowCount();
  }

  public long count(String sql, Object... params) {
    return Await.await(countLater(sql, params));
  }

  /** The first column of every row, as numbers: the ids of rows a fixture inserted. */
  public List<Long> longs(String sql, Object... params) {
    List<Long> values = new ArrayList<>();
    Await.await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).forEach(row -> values.add(row.getLong(0)));
    return values;
  }

  /** The first column of every row, as text. */
  public List<String> strings(String sql, Object... params) {
    List<String> values = new ArrayList<>();
    Await.await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).forEach(row -> values.add(row.getString(0)));
    return values;
  }

  /** How many users have more than one notification with this title (a broadcast's, which each should have once). */
  public long usersWithTitleTwice(String title) {
    return count("SELECT count(*) FROM (SELECT user_id FROM notifications WHERE title = $1 GROUP BY user_id "
      + "HAVING count(*) > 1) twice", title);
  }

  /**
   * Runs {@code statement} (a lock) in a transaction of its own and holds it until the returned handle is closed,
   * which rolls the transaction back.
   */
  public AutoCloseable hold(String statement) {
    SqlConnection connection = Await.await(pool.getConnection());
    Transaction tx = Await.await(connection.begin());
    Await.await(connection.query(statement).execute());
    return () -> Await.await(tx.rollback().eventually(connection::close));
  }

  /** A count without blocking, for use on an event loop (e.g. inside an event-bus consumer). */
  public Future<Long> countLater(String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.wrap(params)).map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public void close() {
    pool.close();
  }
}
