package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.metrics.NotificationMeters;
import io.herald.notify.Draft;
import io.herald.notify.NotificationType;
import io.herald.notify.ProducerTemplates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Notifications from producers (admins, service accounts) to users and roles, and broadcasts: each request is
 * checked here, then written by {@link GroupCommit} together with the requests that arrive with it (a broadcast a
 * slice at a time, by {@link BroadcastWriter}).
 */
final class ProducerStore {

  /** The request field with the caller's rate limit ({@code {key, limit, window_ms}}), counted with the write. */
  static final String RATE_LIMIT = "rate_limit";
  private static final int MAX_KEY = 200;

  private final GroupCommit writes;
  private final BroadcastWriter broadcasts;
  private final NotificationMeters meters = new NotificationMeters();
  private final ProducerTemplates templates = new ProducerTemplates();

  ProducerStore(GroupCommit writes, BroadcastWriter broadcasts) {
    this.writes = writes;
    this.broadcasts = broadcasts;
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
    return writes.submit(rateLimit(request), key == null ? new GroupCommit.Insert(draft) : new InsertOnce(Tuple.of(actor.userId(), key), draft))
      .onSuccess(reply -> counted(actor, draft, reply));
  }

  private Future<JsonObject> broadcast(JsonObject request) {
    Identity actor = requireProducer(request, Role.ADMIN);
    List<String> everyone = Arrays.stream(Role.values()).map(Role::wire).toList();
    Draft draft = draft(request, NotificationType.BROADCAST, List.of(), roles(request, everyone));
    String key = idempotencyKey(request);
    return broadcasts.write(rateLimit(request), draft, key == null ? null : Tuple.of(actor.userId(), key));
  }

  private void counted(Identity actor, Draft draft, JsonObject reply) {
    if (!reply.getBoolean("refused", false) && !reply.getBoolean("duplicate", false)) {
      meters.created(draft.type(), actor.role().wire(), reply.getInteger("count"));
    }
  }

  /** The caller's limit, set by the API (never taken from the client's body); absent when not limited. */
  private static LimitStore.Bucket rateLimit(JsonObject request) {
    Object bucket = request.getValue(RATE_LIMIT);
    if (bucket != null && !(bucket instanceof JsonObject)) {
      throw DomainException.badRequest("field " + RATE_LIMIT + " must be an object");
    }
    return LimitStore.Bucket.from((JsonObject) bucket);
  }

  /**
   * The idempotency key claimed through a unique constraint in the same transaction, so a repeated or concurrent
   * duplicate creates nothing and answers with the first result.
   */
  private record InsertOnce(Tuple claim, Draft draft) implements GroupCommit.Write {

    @Override
    public Future<GroupCommit.Written> run(SqlConnection tx) {
      return tx.preparedQuery(NotificationSql.CLAIM_KEY).execute(claim).compose(claimed -> {
        if (!claimed.iterator().hasNext()) {
          return firstResult(tx, claim).map(first -> new GroupCommit.Written(first.put("duplicate", true), List.of()));
        }
        long requestId = claimed.iterator().next().getLong("id");
        return NotificationWriter.insertAll(tx, List.of(draft)).map(drafts -> drafts.get(0)).compose(rows -> {
          JsonObject result = result(rows.size());
          return tx.preparedQuery(NotificationSql.SAVE_RESULT).execute(Tuple.of(requestId, result))
            .map(saved -> new GroupCommit.Written(result.copy().put("duplicate", false), rows));
        });
      });
    }

    @Override
    public boolean dependent() {
      return true;
    }
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

  private Draft draft(JsonObject request, String defaultType, List<Long> userIds, List<String> roles) {
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
    String link = Requests.optionalString(request, "link");
    String kind = type == null ? defaultType : type;
    String template = Requests.optionalString(request, "template");
    if (template == null) {
      if (request.getValue("params") != null) {
        throw DomainException.badRequest("field params: give params with a template");
      }
      return new Draft(kind, Requests.requiredString(request, "title"), Requests.requiredString(request, "message"), data, link,
        userIds, roles, null);
    }
    if (request.containsKey("title") || request.containsKey("message")) {
      throw DomainException.badRequest("field template: give either title and message, or template and params, not both");
    }
    return Draft.localized(kind, templates.render(template, request.getValue("params")), data, link, userIds, roles, null);
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
