package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;

/** A blocking test client for Herald's REST API: each call waits for its response. */
public final class ApiClient {

  private final WebClient client;

  public ApiClient(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  /** A client whose connections come from {@code localAddress} (any 127.x.y.z), so that per-address limits see it apart. */
  public ApiClient(Vertx vertx, int port, String localAddress) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setLocalAddress(localAddress));
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String token, Object body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (body == null) {
      return Await.await(request.send());
    }
    if (body instanceof JsonObject json) {
      return Await.await(request.sendJsonObject(json));
    }
    request.putHeader("Content-Type", "application/json");
    return Await.await(request.sendBuffer(body instanceof Buffer buffer ? buffer : Buffer.buffer(String.valueOf(body))));
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  public HttpResponse<Buffer> post(String path, String token, Object body) {
    return send(HttpMethod.POST, path, token, body);
  }

  public HttpResponse<Buffer> changeStatus(String token, long complaintId, String status) {
    return send(HttpMethod.PATCH, "/api/v1/complaints/" + complaintId + "/status", token,
      new JsonObject().put("status", status));
  }

  public HttpResponse<Buffer> assign(String token, long complaintId, long porterId) {
    return send(HttpMethod.PUT, "/api/v1/complaints/" + complaintId + "/assignee", token,
      new JsonObject().put("porter_id", porterId));
  }

  public HttpResponse<Buffer> updateUser(String token, long userId, JsonObject change) {
    return send(HttpMethod.PATCH, "/api/v1/users/" + userId, token, change);
  }

  public String login(String username, String password) {
    HttpResponse<Buffer> response = post("/api/v1/auth/login", null,
      new JsonObject().put("username", username).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("access_token");
  }

  public String adminToken() {
    return login("admin", TestNode.ADMIN_PASSWORD);
  }

  /** Creates a user with a unique name and the given role; returns {id, username, token}. */
  public TestUser newUser(String adminToken, String role) {
    String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "password-" + username;
    HttpResponse<Buffer> response = post("/api/v1/users", adminToken,
      new JsonObject().put("username", username).put("password", password).put("role", role));
    if (response.statusCode() != 201) {
      throw new AssertionError("creating " + username + " failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return new TestUser(response.bodyAsJsonObject().getLong("id"), username, role, login(username, password));
  }

  /** One notification for the user, made over REST as a producer (admin or service) makes it. */
  public HttpResponse<Buffer> notify(String producerToken, long userId, String title) {
    return post("/api/v1/notifications", producerToken, new JsonObject()
      .put("user_ids", new JsonArray().add(userId)).put("title", title).put("message", "body of " + title));
  }

  public JsonObject createComplaint(String token, String hostel, String severity) {
    HttpResponse<Buffer> response = post("/api/v1/complaints", token, new JsonObject()
      .put("description", "Broken heater in " + hostel).put("category", "heating")
      .put("hostel", hostel).put("room", "101").put("severity", severity));
    if (response.statusCode() != 201) {
      throw new AssertionError("creating a complaint failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public void close() {
    client.close();
  }

  public record TestUser(long id, String username, String role, String token) {
  }
}
