package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.metrics.NotificationMeters;
import io.herald.notify.Draft;
import io.herald.notify.NotificationType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Notifications from producers (admins, service accounts) to users and roles, and broadcasts. Each request is one
 * set-based insert; an idempotency key is claimed through a unique constraint in the same transaction, so a
 * repeated or concurrent duplicate creates nothing and answers with the first result.
 */
final class ProducerStore {

  private static final int MAX_KEY = 200;

  private final Pool pool;
  private final ChunkedPublisher publisher;
  private final NotificationMeters meters = new NotificationMeters();

  ProducerStore(Pool pool, ChunkedPublisher publisher) {
    this.pool = pool;
    this.publisher = publisher;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.NOTIFICATIONS_CREATE, this::create);
    binder.answer(Addresses.NOTIFICATIONS_BROADCAST, this::broadcast);
  }

  private Future<JsonObject> create(JsonObject request) {
    Identity actor = requireProducer(request, Role.ADMIN, Role.SERVICE);
    List<Long> userIds = userIds(request);
    List<String> roles = roles(request, List.of());
    if (userIds.isEmpty() && roles.isEmpty()) {
      throw DomainException.badRequest("field user_ids: give user_ids and/or roles");
    }
    Draft draft = draft(request, NotificationType.SYSTEM, userIds, roles);
    String key = idempotencyKey(request);
    return key == null ? insertAndPublish(actor, draft) : insertOnce(actor, key, draft);
  }

  private Future<JsonObject> broadcast(JsonObject request) {
    Identity actor = requireProducer(request, Role.ADMIN);
    List<String> everyone = Arrays.stream(Role.values()).map(Role::wire).toList();
    return insertAndPublish(actor, draft(request, NotificationType.BROADCAST, List.of(), roles(request, everyone)));
  }

  private Future<JsonObject> insertAndPublish(Identity actor, Draft draft) {
    return pool.withTransaction(tx -> NotificationWriter.insert(tx, draft))
      .map(rows -> {
        meters.created(draft.type(), actor.role().wire(), rows.size());
        long started = System.nanoTime();
        publisher.publish(NotificationWriter.publications(rows)).onSuccess(done -> {
          if (NotificationType.BROADCAST.equals(draft.type())) {
            meters.fanOut(Duration.ofNanos(System.nanoTime() - started));
          }
        });
        return result(rows.size()).put("duplicate", false);
      });
  }

  private Future<JsonObject> insertOnce(Identity actor, String key, Draft draft) {
    Tuple claim = Tuple.of(actor.userId(), key);
    List<JsonObject> created = new ArrayList<>();
    return pool.withTransaction(tx -> tx.preparedQuery(NotificationSql.CLAIM_KEY).execute(claim).compose(claimed -> {
      if (!claimed.iterator().hasNext()) {
        return firstResult(tx, claim).map(first -> first.put("duplicate", true));
      }
      long requestId = claimed.iterator().next().getLong("id");
      return NotificationWriter.insert(tx, draft).compose(rows -> {
        created.addAll(rows);
        JsonObject result = result(rows.size());
        return tx.preparedQuery(NotificationSql.SAVE_RESULT).execute(Tuple.of(requestId, result))
          .map(saved -> result.copy().put("duplicate", false));
      });
    })).onSuccess(reply -> {
      meters.created(draft.type(), actor.role().wire(), created.size());
      publisher.publish(NotificationWriter.publications(created));
    });
  }

  private static Future<JsonObject> firstResult(SqlConnection tx, Tuple claim) {
    return tx.preparedQuery(NotificationSql.FIRST_RESULT).execute(claim)
      .map(rows -> rows.iterator().next().getJsonObject("result").copy());
  }

  private static JsonObject result(int count) {
    return new JsonObject().put("count", count);
  }

  private static Identity requireProducer(JsonObject request, Role... allowed) {
    Identity actor = Requests.actor(request);
    if (Arrays.stream(allowed).noneMatch(actor::is)) {
      throw new DomainException(Failures.FORBIDDEN, "your role may not send notifications");
    }
    return actor;
  }

  private static Draft draft(JsonObject request, String defaultType, List<Long> userIds, List<String> roles) {
    String type = Requests.optionalString(request, "type");
    if (type != null && !NotificationType.isKnown(type)) {
      throw DomainException.badRequest("field type must be one of " + String.join(", ", NotificationType.ALL));
    }
    JsonObject data = request.getValue("data") == null ? new JsonObject() : dataOf(request);
    String priority = Requests.optionalString(request, "priority");
    if (priority != null && !priority.equals("normal") && !priority.equals("critical")) {
      throw DomainException.badRequest("field priority must be normal or critical");
    }
    data.put("priority", priority == null ? "normal" : priority);
    return new Draft(type == null ? defaultType : type, Requests.requiredString(request, "title"),
      Requests.requiredString(request, "message"), data, Requests.optionalString(request, "link"), userIds, roles, null);
  }

  private static JsonObject dataOf(JsonObject request) {
    if (!(request.getValue("data") instanceof JsonObject data)) {
      throw DomainException.badRequest("field data must be an object");
    }
    return data.copy();
  }

  private static List<Long> userIds(JsonObject request) {
    List<Long> ids = new ArrayList<>();
    for (Object value : array(request, "user_ids")) {
      if (!(value instanceof Number number) || number.longValue() < 1) {
        throw DomainException.badRequest("field user_ids must hold positive whole numbers");
      }
      ids.add(number.longValue());
    }
    return ids;
  }

  private static List<String> roles(JsonObject request, List<String> fallback) {
    JsonArray given = array(request, "roles");
    if (given.isEmpty()) {
      return fallback;
    }
    List<String> roles = new ArrayList<>();
    for (Object value : given) {
      if (!(value instanceof String role) || Role.fromWire(role).isEmpty()) {
        throw DomainException.badRequest("field roles must hold admin, porter, student or service");
      }
      roles.add(role);
    }
    return roles;
  }

  private static JsonArray array(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw DomainException.badRequest("field " + field + " must be an array");
    }
    return array;
  }

  private static String idempotencyKey(JsonObject request) {
    String key = Requests.optionalString(request, "idempotency_key");
    if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
      throw DomainException.badRequest("field idempotency_key must be 1 to " + MAX_KEY + " characters");
    }
    return key;
  }
}
