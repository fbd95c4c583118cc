package io.herald.auth;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestSql;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActiveUsersTest extends NodeTest {

  /** A token check of its own, as each API and sockets instance has, on a context this test can keep busy. */
  private static final class Checker extends VerticleBase {

    private ActiveUsers users;

    @Override
    public Future<?> start() {
      users = new TokenAuth(vertx, "active-users-test-secret-long-enough-0123456789", 5).users();
      return Future.succeededFuture();
    }

    /** Runs the check on the checker's context, after {@code readable} opens: a request read while the context was busy. */
    Future<Void> checkWhenRead(Identity identity, CountDownLatch readable) {
      Promise<Void> verdict = Promise.promise();
      context.runOnContext(busy -> {
        try {
          assertThat(readable.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        users.check(identity).onComplete(verdict);
      });
      return verdict.future();
    }
  }

  @Test
  void aUserDisabledBeforeARequestIsReadIsRefusedEvenWhenTheChangeWaitsBehindThatRequest() {
    TestUser student = api.newUser(admin, "student");
    Identity identity = new Identity(student.id(), student.username(), Role.STUDENT);
    Checker checker = checkerThatKnows(identity);
    CountDownLatch disabled = new CountDownLatch(1);

    Future<Void> verdict = checker.checkWhenRead(identity, disabled);
    assertThat(api.updateUser(admin, student.id(), new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);
    disabled.countDown();

    assertThatThrownBy(() -> Await.await(verdict)).isInstanceOfSatisfying(TokenRevokedException.class,
      revoked -> assertThat(revoked.reason()).isEqualTo("user_disabled"));
  }

  @Test
  void withNoChangeQueuedTheCheckStillAnswersFromTheCacheWithoutAskingTheDatabase() {
    TestUser student = api.newUser(admin, "student");
    Identity identity = new Identity(student.id(), student.username(), Role.STUDENT);
    Checker checker = checkerThatKnows(identity);
    try (TestSql sql = new TestSql(vertx)) {
      sql.update("UPDATE users SET disabled = true WHERE id = $1", student.id());
    }

    Await.await(checker.checkWhenRead(identity, new CountDownLatch(0)));
  }

  /** A checker on a worker context of its own (which runs its tasks in order, as an event loop does) with the user cached. */
  private static Checker checkerThatKnows(Identity identity) {
    Checker checker = new Checker();
    Await.await(vertx.deployVerticle(checker, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    Await.await(checker.checkWhenRead(identity, new CountDownLatch(0)));
    return checker;
  }
}
