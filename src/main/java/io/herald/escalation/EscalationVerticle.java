package io.herald.escalation;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.bus.PublishCollect;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.outbox.ClaimRounds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the escalation ladder's due steps. Every node runs one; each round it claims due steps (leased to this node,
 * so a step runs on one node of the cluster), asks the sockets of every node which of their users are online when a
 * step depends on it, and has each step run in its own transaction (see {@code EscalationStore}).
 */
public class EscalationVerticle extends VerticleBase {

  /** The settings this verticle reads from its config. */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.ESCALATION, Settings.ESCALATION_TUNING);

  private static final Logger LOG = LoggerFactory.getLogger(EscalationVerticle.class);

  private final String node = UUID.randomUUID().toString();
  private EscalationOptions options;
  private ClaimRounds rounds;

  @Override
  public Future<?> start() {
    options = EscalationOptions.from(config());
    rounds = new ClaimRounds(vertx, options.intervalMs(), this::round);
    return request(Addresses.ESCALATION_LADDER_PUT, new JsonObject().put("ladder", options.ladder()))
      .onSuccess(done -> rounds.start());
  }

  /** Stops claiming; completes when the round in flight has recorded its outcomes. */
  @Override
  public Future<?> stop() {
    return rounds == null ? Future.succeededFuture() : rounds.stop();
  }

  private Future<Void> round() {
    JsonObject claim = new JsonObject().put("node", node).put("batch", options.batch()).put("lease_ms", options.leaseMs());
    return request(Addresses.ESCALATION_CLAIM, claim)
      .compose(reply -> {
        JsonArray items = reply.getJsonArray("items");
        return online(items).compose(online -> ClaimRounds.each(items, item -> fire(item, online)));
      })
      .onFailure(failure -> LOG.warn("Escalation round failed: {}", failure.getMessage()));
  }

  /** The users of steps that depend on it who have a live socket on any node (asked only when some step needs it). */
  private Future<Set<Long>> online(JsonArray items) {
    JsonArray asked = new JsonArray();
    items.forEach(item -> {
      JsonObject step = (JsonObject) item;
      if (step.getBoolean("unless_online", false) && !asked.contains(step.getLong("user_id"))) {
        asked.add(step.getLong("user_id"));
      }
    });
    if (asked.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return PublishCollect.ask(vertx, Addresses.SOCKETS_PRESENCE, Addresses.SOCKETS_PRESENCE_REPLY_PREFIX,
        new JsonObject().put("user_ids", asked), options.presenceWaitMs())
      .map(answers -> {
        Set<Long> online = new HashSet<>();
        answers.forEach(answer -> ((JsonObject) answer).getJsonArray("online", new JsonArray())
          .forEach(id -> online.add(((Number) id).longValue())));
        return online;
      });
  }

  private Future<Void> fire(JsonObject step, Set<Long> online) {
    boolean skipOnline = step.getBoolean("unless_online", false) && online.contains(step.getLong("user_id"));
    return request(Addresses.ESCALATION_FIRE, new JsonObject().put("id", step.getLong("id")).put("node", node)
        .put("online", skipOnline))
      .onFailure(failure -> LOG.warn("Escalation step {} failed: {}", step.getLong("id"), failure.getMessage()))
      .mapEmpty();
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, OnThisNode.delivery()).map(reply -> reply.body());
  }
}
