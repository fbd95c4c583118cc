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
 * Answers {@code cluster.health} for this node's readiness: the node is a running member of the cluster, and the
 * cluster has been safe (Hazelcast's partition safety: every partition's backups in sync) at least once since this
 * node joined, so its share of the cluster's data has migrated to it.
 *
 * <p>Safety is latched rather than followed: a dead or frozen peer makes the cluster unsafe on every node at once, and
 * a load balancer acting on that would take every node out of service together. {@code isClusterSafe} blocks while
 * a member does not answer, so it runs on a worker, one call at a time, once a second until it first says yes.
 */
public class ClusterHealthVerticle extends VerticleBase {

  static final long CHECK_INTERVAL_MILLIS = 1_000;

  private final HazelcastInstance hazelcast;
  private MessageConsumer<JsonObject> consumer;
  private long timer;
  private boolean checking;
  private boolean safeOnce;

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
    if (checking || safeOnce) {
      return;
    }
    checking = true;
    vertx.executeBlocking(() -> hazelcast.getPartitionService().isClusterSafe(), false).onComplete(result -> {
      checking = false;
      if (result.succeeded() && result.result()) {
        safeOnce = true;
        vertx.cancelTimer(timer);
      }
    });
  }

  private void answer(Message<JsonObject> request) {
    boolean joined = joined();
    JsonObject status = new JsonObject().put("joined", joined).put("safe", safeOnce)
      .put("members", joined ? hazelcast.getCluster().getMembers().size() : 0);
    if (joined && safeOnce) {
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
