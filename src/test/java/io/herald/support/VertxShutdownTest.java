package io.herald.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VertxShutdownTest {

  @Test
  void aCloseStuckOnABlockedEventLoopFailsWithThatLoopsStack() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    vertx.runOnContext(v -> {
      blocked.countDown();
      awaitQuietly(release);
    });
    blocked.await();
    try {
      assertThatThrownBy(() -> VertxShutdown.close(vertx, 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not closed within 1 s")
        .hasMessageContaining("vert.x-eventloop-thread")
        .hasMessageContaining("awaitQuietly");
    } finally {
      release.countDown();
    }
    VertxShutdown.close(vertx);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
