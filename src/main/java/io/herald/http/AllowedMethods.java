package io.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A method that the contract does not have for a path it has is answered 405 with {@code Allow}, before the request
 * is routed: a GET on a path that only takes POST would otherwise fall through to the dashboard's files (404), or be
 * read as another path's parameter ({@code GET /notifications/broadcast} as {@code /notifications/{id}}, 400).
 */
final class AllowedMethods implements Handler<RoutingContext> {

  private final OpenAPIContract contract;
  private final Map<Path, List<HttpMethod>> methods = new IdentityHashMap<>();
  private final Map<Path, String> allow = new IdentityHashMap<>();

  AllowedMethods(OpenAPIContract contract) {
    this.contract = contract;
    for (Path path : contract.getPaths()) {
      List<HttpMethod> taken = path.getOperations().stream().map(Operation::getHttpMethod).toList();
      methods.put(path, taken);
      allow.put(path, taken.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    Path path = contract.findPath(ctx.request().path());
    List<HttpMethod> taken = path == null ? null : methods.get(path);
    if (taken == null || taken.contains(ctx.request().method())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.ALLOW, allow.get(path));
    Problems.send(ctx, 405, "Method not allowed on this resource; it takes " + allow.get(path));
  }
}
