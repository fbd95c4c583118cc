package io.herald.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code cluster.health} for this node's readiness: the node has joined and the cluster is safe (Hazelcast's
 * partition safety: every partition's backups in sync). {@code isClusterSafe} blocks while a member is frozen, so it
 * runs on a worker once a second and the answer is the last finished check; a check older than
 * {@link #STALE_AFTER_MILLIS} counts as unsafe.
 */
public class ClusterHealthVerticle extends VerticleBase {

  static final long CHECK_INTERVAL_MILLIS = 1_000;
  static final long STALE_AFTER_MILLIS = 3_000;

  private final HazelcastInstance hazelcast;
  private MessageConsumer<JsonObject> consumer;
  private long timer;
  private boolean checking;
  private boolean safe;
  private long checkedAt;

  public ClusterHealthVerticle(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, CHECK_INTERVAL_MILLIS, id -> check());
    consumer = vertx.eventBus().localConsumer(Addresses.CLUSTER_HEALTH, this::answer);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return consumer.unregister();
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    vertx.executeBlocking(() -> hazelcast.getPartitionService().isClusterSafe(), false).onComplete(result -> {
      checking = false;
      safe = result.succeeded() && result.result();
      checkedAt = System.currentTimeMillis();
    });
  }

  private void answer(Message<JsonObject> request) {
    boolean joined = joined();
    boolean fresh = System.currentTimeMillis() - checkedAt < STALE_AFTER_MILLIS;
    JsonObject status = new JsonObject().put("joined", joined).put("safe", safe && fresh)
      .put("members", joined ? hazelcast.getCluster().getMembers().size() : 0);
    if (joined && safe && fresh) {
      request.reply(status);
    } else {
      request.fail(Failures.UNAVAILABLE, status.encode());
    }
  }

  private boolean joined() {
    return hazelcast.getLifecycleService().isRunning()
      && hazelcast.getCluster().getMembers().contains(hazelcast.getCluster().getLocalMember());
  }
}
