package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.PasswordWorkers;
import io.herald.auth.Role;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.herald.metrics.ApiMeters;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.Arrays;
import java.util.Map;

/** What every resource handler needs: the caller, the validated input, event-bus requests and replies. */
public final class Api {

  private static final long BUSY_RETRY_MILLIS = 1_000;

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final ApiMeters meters = new ApiMeters();

  public Api(EventBus bus, long timeoutMillis) {
    this.bus = bus;
    this.delivery = OnThisNode.delivery(timeoutMillis);
  }

  /** The caller, after checking that their role is one of the allowed ones; otherwise fails the request with 403. */
  public static Identity caller(RoutingContext ctx, Role... allowed) {
    Identity identity = Identity.of(ctx.user());
    if (identity == null) {
      throw new HttpException(401);
    }
    if (allowed.length > 0 && Arrays.stream(allowed).noneMatch(identity::is)) {
      throw new HttpException(403);
    }
    return identity;
  }

  /** The request's own parsed body (each request parses its own; {@link #request} copies what it sends). */
  public static JsonObject body(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    RequestParameter body = request == null ? null : request.getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }

  public static long pathId(RoutingContext ctx, String name) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    return request.getPathParameters().get(name).getLong();
  }

  /** The validated query parameters that were given, with their schema types. */
  public static JsonObject query(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    JsonObject query = new JsonObject();
    for (Map.Entry<String, RequestParameter> entry : request.getQuery().entrySet()) {
      if (entry.getValue() != null && !entry.getValue().isNull() && !entry.getValue().isEmpty()) {
        query.put(entry.getKey(), entry.getValue().get());
      }
    }
    return query;
  }

  /** An event-bus request on behalf of the caller; the caller's identity is always the server's, never the client's. */
  public Future<JsonObject> request(String address, Identity caller, JsonObject body) {
    JsonObject message = body.copy();
    if (caller != null) {
      message.put(Identity.KEY, caller.toJson());
    }
    return bus.<JsonObject>request(address, message, delivery).map(reply -> reply.body())
      .onFailure(failure -> meters.busFailure(address, failure));
  }

  public static void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, Object body) {
    json(ctx, 201, body);
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(body instanceof JsonObject json ? json.encode() : String.valueOf(body));
  }

  /** Replies with the failure of an event-bus request, mapped from its failure code. */
  public static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof PasswordWorkers.Busy) {
      failure = new RetryLater(Failures.UNAVAILABLE, BUSY_RETRY_MILLIS, "Too many password checks at once; try again shortly");
    }
    if (failure instanceof RetryLater later) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(later.retryAfterSeconds()));
      Problems.send(ctx, later.status(), later.getMessage());
      return;
    }
    int status = Failures.httpStatus(failure);
    if (status == Failures.UNAVAILABLE) {
      Problems.send(ctx, status, "The service is temporarily unavailable; try again shortly");
    } else if (status >= 500 || !(failure instanceof ReplyException)) {
      ctx.fail(500, failure);
    } else {
      Problems.send(ctx, status, failure.getMessage());
    }
  }
}
