package io.herald.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt on a pool of its own: a fixed number of threads and a bounded number of hashes waiting for them, so that
 * a burst of logins never starves the shared worker pool. Past the bound a hash is refused at once ({@link Busy}).
 */
public final class PasswordWorkers {

  private static final String POOL_NAME = "herald-bcrypt";

  private final Passwords passwords;
  private final WorkerExecutor executor;
  private final int capacity;
  private final AtomicInteger admitted = new AtomicInteger();

  /**
   * Call from a verticle: the pool closes when it is undeployed. The node's {@code threads} are one pool shared by
   * name; each of the {@code sharers} (instances of the verticle) admits its share of the checks that may wait.
   */
  public PasswordWorkers(Vertx vertx, Passwords passwords, int threads, int queue, int sharers) {
    this.passwords = passwords;
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, threads);
    this.capacity = Math.max(1, (threads + queue + sharers - 1) / sharers);
  }

  public Future<Boolean> matches(String password, String hash) {
    return run(() -> passwords.matches(password, hash));
  }

  public Future<String> hash(String password) {
    return run(() -> passwords.hash(password));
  }

  private <T> Future<T> run(Callable<T> work) {
    if (admitted.incrementAndGet() > capacity) {
      admitted.decrementAndGet();
      return Future.failedFuture(new Busy());
    }
    return executor.executeBlocking(work, false).andThen(done -> admitted.decrementAndGet());
  }

  /** Every bcrypt thread is busy and the queue is full. */
  public static final class Busy extends RuntimeException {

    Busy() {
      super("password checks are saturated", null, false, false);
    }
  }
}
