package io.herald.http;

import io.herald.auth.TokenRevokedException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Every error Herald answers over HTTP is an RFC 9457 {@code application/problem+json} document. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final Map<Integer, String> TITLES = Map.ofEntries(
    Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
    Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
    Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
    Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
    Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
    Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"));

  private Problems() {
  }

  public static void send(RoutingContext ctx, int status, String detail) {
    send(ctx, status, detail, null);
  }

  public static void send(RoutingContext ctx, int status, String detail, String field) {
    write(ctx.response(), ctx.request().path(), status, detail, field);
  }

  /** The problem document on a bare response, for the parts of Herald that answer before or outside a router. */
  public static void write(HttpServerResponse response, String instance, int status, String detail, String field) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(document(status, detail, instance, field).encode());
  }

  public static JsonObject document(int status, String detail, String instance, String field) {
    JsonObject problem = new JsonObject()
      .put("type", "about:blank")
      .put("title", TITLES.getOrDefault(status, "Error"))
      .put("status", status)
      .put("detail", detail)
      .put("instance", instance);
    if (field != null) {
      problem.put("field", field);
    }
    return problem;
  }

  /** The router's failure handler: maps whatever failed to a problem document, never leaking a stack trace. */
  public static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      failure = http.getCause() == null ? http : http.getCause();
    }
    if (status == 401 && failure instanceof TokenRevokedException revoked) {
      send(ctx, 401, revokedDetail(revoked.reason()));
      return;
    }
    if (status == 401 && failure instanceof ReplyException unanswered) {
      LOG.warn("Could not check the token's user for {} {}: {}", ctx.request().method(), ctx.request().path(), unanswered.getMessage());
      send(ctx, 503, "Could not check your account right now; try again");
      return;
    }
    if (status == 401 || status == 403) {
      LOG.debug("Request {} {} refused with {} ({})", ctx.request().method(), ctx.request().path(), status,
        failure.getClass().getSimpleName());
      send(ctx, status, detailFor(status));
      return;
    }
    if (failure instanceof Violation.InvalidRequest invalid) {
      Violation violation = invalid.violation();
      send(ctx, violation.status(), violation.detail(), violation.field());
      return;
    }
    if (failure instanceof io.vertx.core.json.DecodeException) {
      send(ctx, 400, "The request body is not valid JSON");
      return;
    }
    if (status >= 500) {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, status, "Something went wrong on our side");
      return;
    }
    LOG.debug("Request {} {} refused with {}", ctx.request().method(), ctx.request().path(), status, failure);
    send(ctx, status, detailFor(status));
  }

  private static String revokedDetail(String reason) {
    return switch (reason) {
      case "user_disabled" -> "This token's user is disabled";
      case "role_changed" -> "This token's user has another role now; log in again";
      default -> "This token's user no longer exists";
    };
  }

  private static String detailFor(int status) {
    return switch (status) {
      case 401 -> "A valid, unexpired bearer token is required";
      case 403 -> "Your role does not allow this";
      case 404 -> "No such resource";
      case 405 -> "Method not allowed on this resource";
      case 413 -> "The request body is larger than allowed";
      default -> TITLES.getOrDefault(status, "Error");
    };
  }
}
