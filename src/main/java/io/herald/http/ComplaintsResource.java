package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.complaint.OverdueThresholds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The complaints API: intake, listing, detail with history, deliveries, status flow and assignment. */
final class ComplaintsResource {

  private final Api api;
  private final RequestLimits limits;
  private final OverdueThresholds overdue;

  ComplaintsResource(Api api, RequestLimits limits, OverdueThresholds overdue) {
    this.api = api;
    this.limits = limits;
    this.overdue = overdue;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("createComplaint").addHandler(this::create);
    routes.getRoute("listComplaints").addHandler(this::list);
    routes.getRoute("getComplaint").addHandler(this::get);
    routes.getRoute("getComplaintDeliveries").addHandler(this::deliveries);
    routes.getRoute("changeComplaintStatus").addHandler(this::changeStatus);
    routes.getRoute("assignComplaint").addHandler(this::assign);
  }

  private void create(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN, Role.PORTER, Role.STUDENT);
    limits.complaint(caller)
      .compose(allowed -> api.request(Addresses.COMPLAINTS_CREATE, caller, Api.body(ctx)))
      .onSuccess(complaint -> {
        ctx.response().putHeader("Location", "/api/v1/complaints/" + complaint.getLong("id"));
        Api.created(ctx, complaint);
      })
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void list(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN, Role.PORTER, Role.STUDENT);
    JsonObject query = Api.query(ctx);
    if (Boolean.TRUE.equals(query.remove("overdue"))) {
      query.put("overdue_after_seconds", overdue.toArray());
    }
    api.request(Addresses.COMPLAINTS_LIST, caller, query)
      .onSuccess(page -> Api.ok(ctx, page.put("overdue_after_seconds", overdue.toJson())))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void get(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN, Role.PORTER, Role.STUDENT);
    api.request(Addresses.COMPLAINTS_GET, caller, new JsonObject().put("id", Api.pathId(ctx, "id")))
      .onSuccess(complaint -> Api.ok(ctx, complaint))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void deliveries(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN, Role.PORTER);
    api.request(Addresses.COMPLAINTS_DELIVERIES, caller, Api.query(ctx).put("id", Api.pathId(ctx, "id")))
      .onSuccess(page -> Api.ok(ctx, page))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void changeStatus(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN, Role.PORTER);
    JsonObject body = Api.body(ctx).put("id", Api.pathId(ctx, "id"));
    api.request(Addresses.COMPLAINTS_CHANGE_STATUS, caller, body)
      .onSuccess(complaint -> Api.ok(ctx, complaint))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void assign(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    JsonObject body = Api.body(ctx).put("id", Api.pathId(ctx, "id"));
    api.request(Addresses.COMPLAINTS_ASSIGN, caller, body)
      .onSuccess(complaint -> Api.ok(ctx, complaint))
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
