package io.herald.http;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every operation of openapi.yaml, driven through a whole node with hostile input, is answered with a clear
 * refusal (a problem document) or a normal answer, never a server failure, a stack trace or silence.
 * The operations are read from the contract at test time, so a new operation is fuzzed without touching this test.
 */
class ContractFuzzTest extends NodeTest {

  private static final String BASE_PATH = "/api/v1";
  private static final List<HttpMethod> METHODS =
    List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final String BEYOND_INT64 = "99999999999999999999";
  private static final String INFINITE = "1e400";
  private static final String NESTED_ARRAYS = "[[[1,[{}]]],[[[]]]]";
  private static final String NESTED_OBJECTS = "{\"a\":{\"b\":{\"c\":[{\"d\":{}}]}}}";
  private static final String NUL = "\"a\\u0000b\"";
  private static final String LONE_SURROGATES = "\"\\ud800 and \\udfff\\ud800\"";
  private static final int OVER_BODY_LIMIT = 100_000;
  private static final int UNDER_BODY_LIMIT = 60_000;
  private static final int TOO_DEEP = 20_000;
  private static final int OVERSIZED_HEAD = 4_000;

  private final List<String> violations = new ArrayList<>();
  private final AtomicInteger unique = new AtomicInteger();
  private WebClient http;
  private TestUser fuzzAdmin;
  private TestUser porter;
  private TestUser student;
  private TestUser victim;
  private long complaintId;
  private long notificationId;

  @BeforeEach
  void makeCallersAndData() {
    http = WebClient.create(vertx);
    fuzzAdmin = api.newUser(admin, "admin");
    porter = api.newUser(admin, "porter");
    student = api.newUser(admin, "student");
    victim = api.newUser(admin, "student");
    complaintId = api.createComplaint(student.token(), "Fuzz Hall", "low").getLong("id");
    api.notify(admin, fuzzAdmin.id(), "fuzz target");
    notificationId = api.get(BASE_PATH + "/notifications?limit=1", fuzzAdmin.token()).bodyAsJsonObject()
      .getJsonArray("items").getJsonObject(0).getLong("id");
  }

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void everyOperationAnswersHostileInputWithAProblemNeverAServerFailure() {
    List<Operation> operations = Operation.allIn(contract());
    assertThat(operations).as("operations read from the contract").isNotEmpty();
    int sent = 0;
    for (Operation operation : operations) {
      for (Attempt attempt : attemptsFor(operation)) {
        judge(attempt, send(attempt));
        sent++;
      }
    }
    for (String path : operations.stream().map(Operation::template).collect(Collectors.toCollection(LinkedHashSet::new))) {
      for (Attempt attempt : undeclaredMethods(path, operations)) {
        judge(attempt, send(attempt));
        sent++;
      }
    }
    if (!violations.isEmpty()) {
      fail(violations.size() + " of " + sent + " hostile requests were answered badly:\n" + String.join("\n", violations));
    }
  }

  // ---- what is sent

  private List<Attempt> attemptsFor(Operation op) {
    List<Attempt> attempts = new ArrayList<>();
    for (TestUser caller : hostileInputCallers(op)) {
      attempts.addAll(pathAttempts(op, caller));
      if (op.body() != null || op.method() != HttpMethod.GET) {
        attempts.addAll(bodyAttempts(op, caller));
      }
      attempts.addAll(queryAttempts(op, caller));
    }
    attempts.addAll(authAttempts(op));
    return attempts;
  }

  /** A fresh admin (so no shared user's state changes), and a student wherever a student may call. */
  private List<TestUser> hostileInputCallers(Operation op) {
    return op.lowerRoles().contains("student") ? List.of(fuzzAdmin) : List.of(fuzzAdmin, student);
  }

  private List<Attempt> pathAttempts(Operation op, TestUser caller) {
    if (!op.template().contains("{id}")) {
      return List.of();
    }
    String body = op.body() == null ? null : "{}";
    List<Attempt> attempts = new ArrayList<>();
    attempts.add(as(caller, op, "path id 1", op.uri("1"), body, Expect.ANSWER));
    for (String id : List.of(BEYOND_INT64, "9223372036854775808", "-1", "0", "abc", "%00", "..%2f", "1.5", "%ff", "0x10",
      "%2e%2e", "1%00", "1;x=1")) {
      attempts.add(as(caller, op, "path id " + id, op.uri(id), body, Expect.REFUSAL));
    }
    attempts.add(as(caller, op, "path id 1e3", op.uri("1e3"), body, Expect.ANSWER));
    return attempts;
  }

  private List<Attempt> bodyAttempts(Operation op, TestUser caller) {
    Expect refusedIfRequired = op.bodyRequired() ? Expect.REFUSAL : Expect.ANSWER;
    String uri = op.uri(plausibleId(op));
    List<Attempt> attempts = new ArrayList<>();
    for (String raw : List.of("{not json", "[]", "[{}]", "null", "\"text\"", INFINITE, "", "[".repeat(TOO_DEEP))) {
      attempts.add(as(caller, op, "body " + excerpt(raw, 40), uri, raw, refusedIfRequired));
    }
    attempts.add(as(caller, op, "body {}", uri, "{}", Expect.ANSWER));
    boolean closed = op.body() != null && Boolean.FALSE.equals(op.body().getValue("additionalProperties"));
    attempts.add(as(caller, op, "body with an undeclared NUL property", uri, "{\"\\u0000\": 1}",
      closed ? Expect.REFUSAL : Expect.ANSWER));
    attempts.add(as(caller, op.method(), "body of bytes that are not UTF-8", uri,
      Buffer.buffer("{\"x\": \"").appendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}).appendString("\"}"),
      "application/json", Expect.ANSWER));
    attempts.add(as(caller, op.method(), "a valid-looking body as text/plain", uri, Buffer.buffer(render(base(op))),
      "text/plain", refusedIfRequired));
    attempts.add(as(caller, op.method(), "a form with broken escapes", uri, Buffer.buffer("a=%zz&b=%&c"),
      "application/x-www-form-urlencoded", refusedIfRequired));
    // a multipart body with a file part, and that no upload reaches the disk: BadInputTest
    attempts.add(as(caller, op.method(), "multipart with an empty boundary", uri, Buffer.buffer("--\r\n\r\n--\r\n"),
      "multipart/form-data; boundary=", refusedIfRequired));
    if (op.body() != null) {
      attempts.addAll(propertyAttempts(op, caller, uri));
    }
    return attempts;
  }

  private List<Attempt> propertyAttempts(Operation op, TestUser caller, String uri) {
    List<Attempt> attempts = new ArrayList<>();
    JsonObject properties = op.properties();
    for (String name : properties.fieldNames()) {
      JsonObject schema = op.resolve(properties.getJsonObject(name));
      for (Map.Entry<String, Expect> value : hostileValues(schema).entrySet()) {
        Map<String, String> body = base(op);
        body.put(name, value.getKey());
        attempts.add(as(caller, op, name + "=" + excerpt(value.getKey(), 60), uri, render(body), value.getValue()));
      }
      Map<String, String> duplicated = base(op);
      duplicated.put(name, validValue(schema));
      attempts.add(as(caller, op, name + " twice, the second an array", uri,
        render(duplicated).replaceFirst("}$", "," + Json.encode(name) + ":" + NESTED_ARRAYS + "}"), Expect.REFUSAL));
      attempts.addAll(nestedAttempts(op, caller, uri, name, schema));
    }
    for (String raw : List.of(NESTED_ARRAYS, INFINITE, BEYOND_INT64, NUL, "\"" + "x".repeat(OVER_BODY_LIMIT) + "\"")) {
      Map<String, String> everything = new LinkedHashMap<>();
      properties.fieldNames().forEach(name -> everything.put(name, raw));
      attempts.add(as(caller, op, "every property " + excerpt(raw, 40), uri, render(everything), Expect.REFUSAL));
    }
    return attempts;
  }

  /** Inside object properties: their declared sub-properties, or for free-form objects, keys of their own. */
  private List<Attempt> nestedAttempts(Operation op, TestUser caller, String uri, String name, JsonObject schema) {
    if (!types(schema).contains("object")) {
      return List.of();
    }
    JsonObject declared = schema.getJsonObject("properties");
    List<String> keys = declared == null ? List.of("broadcast", "k", "\\u0000") : List.copyOf(declared.fieldNames());
    List<Attempt> attempts = new ArrayList<>();
    for (String key : keys) {
      for (String raw : List.of(INFINITE, BEYOND_INT64, NESTED_ARRAYS, NUL, LONE_SURROGATES, "true", "\"25:99\"",
        "{\"in_app\": " + INFINITE + ", \"email\": \"\\u0000\"}")) {
        Map<String, String> body = base(op);
        body.put(name, "{\"" + key + "\": " + raw + "}");
        attempts.add(as(caller, op, name + "." + key + "=" + excerpt(raw, 40), uri, render(body), Expect.ANSWER));
      }
    }
    return attempts;
  }

  /** Values of every JSON type the schema does not allow (must be refused) and hostile strings (must not crash). */
  private static Map<String, Expect> hostileValues(JsonObject schema) {
    Set<String> types = types(schema);
    Expect wrongType = types.isEmpty() ? Expect.ANSWER : Expect.REFUSAL;
    Map<String, Expect> values = new LinkedHashMap<>();
    for (String raw : List.of(INFINITE, BEYOND_INT64, "-" + BEYOND_INT64, "1.5", "[" + BEYOND_INT64 + ", " + INFINITE + "]",
      "[" + "[".repeat(TOO_DEEP) + "]")) {
      values.put(raw, wrongType);
    }
    otherType(values, types, "array", NESTED_ARRAYS, wrongType);
    otherType(values, types, "object", NESTED_OBJECTS, wrongType);
    otherType(values, types, "boolean", "true", wrongType);
    otherType(values, types, "string", "\"1\"", wrongType);
    otherType(values, types, "null", "null", wrongType);
    if (types.contains("string") || types.isEmpty()) {
      values.put(NUL, Expect.ANSWER);
      values.put(LONE_SURROGATES, Expect.ANSWER);
      values.put("\"\\u0000\"", Expect.ANSWER);
      Integer max = schema.getInteger("maxLength");
      values.put("\"" + "x".repeat(UNDER_BODY_LIMIT) + "\"",
        max != null && max < UNDER_BODY_LIMIT ? Expect.REFUSAL : Expect.ANSWER);
    }
    return values;
  }

  /** A value of the given JSON type, where the schema does not allow that type (an allowed value is not hostile). */
  private static void otherType(Map<String, Expect> values, Set<String> types, String type, String raw, Expect wrongType) {
    if (!types.contains(type)) {
      values.put(raw, wrongType);
    }
  }

  private List<Attempt> queryAttempts(Operation op, TestUser caller) {
    String uri = op.uri(plausibleId(op));
    List<Attempt> attempts = new ArrayList<>();
    for (JsonObject parameter : op.queryParameters()) {
      String name = parameter.getString("name");
      JsonObject schema = op.resolve(parameter.getJsonObject("schema"));
      for (Map.Entry<String, Expect> value : hostileQueryValues(schema).entrySet()) {
        attempts.add(as(caller, op, "query " + name + "=" + excerpt(value.getKey(), 40),
          uri + "?" + name + "=" + value.getKey(), null, value.getValue()));
      }
      String valid = validQueryValue(schema);
      attempts.add(as(caller, op, "query " + name + " repeated", uri + "?" + name + "=" + valid + "&" + name + "=" + valid,
        null, Expect.ANSWER));
      attempts.add(as(caller, op, "query " + name + "[]", uri + "?" + name + "%5B%5D=" + valid + "&" + name + "%5Bx%5D=1",
        null, Expect.ANSWER));
    }
    attempts.add(as(caller, op, "query with a malformed escape", uri + "?zz=%zz", null, Expect.ANSWER));
    attempts.add(as(caller, op, "query with a truncated escape", uri + "?zz=%", null, Expect.ANSWER));
    if (!op.queryParameters().isEmpty()) {
      attempts.add(as(caller, op, "query of 10k characters", uri + "?q=" + "x".repeat(10_000), null, Expect.REFUSAL));
      attempts.add(as(caller, op, "query of 400 parameters", uri + "?" + "limit=1&".repeat(400), null, Expect.ANSWER));
    }
    return attempts;
  }

  private static Map<String, Expect> hostileQueryValues(JsonObject schema) {
    Set<String> types = types(schema);
    Map<String, Expect> values = new LinkedHashMap<>();
    if (types.contains("integer")) {
      Integer minimum = schema.getInteger("minimum");
      values.put("abc", Expect.REFUSAL);
      values.put("-1", minimum != null && minimum > -1 ? Expect.REFUSAL : Expect.ANSWER);
      values.put("0", minimum != null && minimum > 0 ? Expect.REFUSAL : Expect.ANSWER);
      values.put("1e9", schema.getValue("maximum") != null ? Expect.REFUSAL : Expect.ANSWER);
      values.put(BEYOND_INT64, Expect.REFUSAL);
      values.put("-" + BEYOND_INT64, Expect.REFUSAL);
      values.put("1.5", Expect.REFUSAL);
      values.put("0x10", Expect.REFUSAL);
      values.put("%00", Expect.REFUSAL);
      values.put("%201", Expect.ANSWER);
    } else if (types.contains("boolean")) {
      values.put("maybe", Expect.REFUSAL);
      values.put("%00", Expect.REFUSAL);
      values.put("1", Expect.ANSWER);
    } else if (schema.containsKey("enum")) {
      values.put("bogus", Expect.REFUSAL);
      values.put("%00", Expect.REFUSAL);
      values.put(schema.getJsonArray("enum").getString(0).toUpperCase() + "%00", Expect.REFUSAL);
    } else if ("date-time".equals(schema.getString("format"))) {
      values.put("yesterday", Expect.REFUSAL);
      values.put("2024-13-45T99:99:99Z", Expect.REFUSAL);
      values.put("%2B999999999-12-31T23:59:59Z", Expect.ANSWER);
      values.put("-999999999-01-01T00:00:00Z", Expect.ANSWER);
      values.put("0000-01-01T00:00:00Z", Expect.ANSWER);
      values.put("%00", Expect.REFUSAL);
    }
    if (types.contains("string") && !schema.containsKey("enum") && schema.getString("format") == null) {
      for (String raw : List.of("%00", "%ED%A0%80", "%ff", "%zz", "%", "%27%3B--", "%5C", "_%25", "*")) {
        values.put(raw, Expect.ANSWER);
      }
      Integer max = schema.getInteger("maxLength");
      values.put("y".repeat(3_000), max != null && max < 3_000 ? Expect.REFUSAL : Expect.ANSWER);
    }
    values.put("", Expect.ANSWER);
    return values;
  }

  /** No token, broken tokens, forged tokens; then callers of a lower role where the contract names the roles. */
  private List<Attempt> authAttempts(Operation op) {
    String uri = op.uri(plausibleId(op));
    String body = op.body() == null ? null : render(base(op));
    List<Attempt> attempts = new ArrayList<>();
    brokenCredentials().forEach((label, authorization) -> attempts.add(new Attempt(label,
      authorization == null ? "nobody" : "a broken token", op.method(), uri, authorization, bodyBuffer(body),
      "application/json", op.secured() ? Expect.UNAUTHORIZED : Expect.ANSWER)));
    // RFC 6750 answers a malformed Authorization header with 400; an oversized one is refused before any handler
    Map<String, String> malformed = Map.of("Bearer (empty)", "Bearer ",
      "token of 10k characters", "Bearer " + "a".repeat(10_000));
    malformed.forEach((label, authorization) -> attempts.add(new Attempt(label, "a broken token", op.method(), uri,
      authorization, bodyBuffer(body), "application/json", op.secured() ? Expect.REFUSAL : Expect.ANSWER)));
    for (String role : op.lowerRoles()) {
      TestUser lower = role.equals("porter") ? porter : student;
      attempts.add(as(lower, op, "a lower role", uri, body, Expect.REFUSAL));
    }
    return attempts;
  }

  private Map<String, String> brokenCredentials() {
    JsonObject adminClaims = Tokens.claims(fuzzAdmin.id(), "admin", Tokens.inSeconds(600));
    JsonObject expiredClaims = Tokens.claims(fuzzAdmin.id(), "admin", Tokens.inSeconds(-600));
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("no token", null);
    credentials.put("Bearer x.y.z", "Bearer x.y.z");
    credentials.put("Basic credentials", "Basic YWRtaW46YWRtaW4tdGVzdC1wYXNzd29yZA==");
    credentials.put("token signed with another secret",
      "Bearer " + Tokens.hs256(adminClaims, "another-secret-long-enough-for-hs256-0123"));
    credentials.put("unsigned (alg none) token", "Bearer " + Tokens.unsigned(adminClaims));
    credentials.put("expired token", "Bearer " + Tokens.hs256(expiredClaims, TestNode.JWT_SECRET));
    return credentials;
  }

  private List<Attempt> undeclaredMethods(String template, List<Operation> operations) {
    Operation any = operations.stream().filter(op -> op.template().equals(template)).findFirst().orElseThrow();
    Set<HttpMethod> declared = operations.stream().filter(op -> op.template().equals(template))
      .map(Operation::method).collect(Collectors.toSet());
    return METHODS.stream().filter(method -> !declared.contains(method))
      .map(method -> as(fuzzAdmin, method, "undeclared method", any.uri(plausibleId(any)), Buffer.buffer("{}"),
        "application/json", Expect.REFUSAL))
      .toList();
  }

  private static Buffer bodyBuffer(String body) {
    return body == null ? null : Buffer.buffer(body);
  }

  private static Attempt as(TestUser caller, Operation op, String label, String uri, String body, Expect expect) {
    return as(caller, op.method(), label, uri, bodyBuffer(body), "application/json", expect);
  }

  private static Attempt as(TestUser caller, HttpMethod method, String label, String uri, Buffer body, String contentType,
                            Expect expect) {
    return new Attempt(label, caller.role(), method, uri, "Bearer " + caller.token(), body, contentType, expect);
  }

  // ---- bodies

  /** A body that would pass validation: the required properties, or a known-good body where the contract needs more. */
  private Map<String, String> base(Operation op) {
    Map<String, String> body = new LinkedHashMap<>();
    switch (op.id()) {
      case "createNotification" ->
        body.putAll(Map.of("user_ids", "[" + victim.id() + "]", "title", "\"t\"", "message", "\"m\""));
      case "broadcastNotification" -> body.putAll(Map.of("roles", "[\"service\"]", "title", "\"t\"", "message", "\"m\""));
      case "assignComplaint" -> body.put("porter_id", String.valueOf(porter.id()));
      case "changeComplaintStatus" -> body.put("status", "\"in_progress\"");
      case "createUser" -> body.putAll(Map.of("username", uniqueText(), "password", uniqueText(), "role", "\"student\""));
      default -> {
        JsonArray required = op.body() == null ? new JsonArray() : op.body().getJsonArray("required", new JsonArray());
        required.forEach(name ->
          body.put((String) name, validValue(op.resolve(op.properties().getJsonObject((String) name)))));
      }
    }
    return body;
  }

  private String validValue(JsonObject schema) {
    if (schema.containsKey("enum")) {
      return Json.encode(schema.getJsonArray("enum").getValue(0));
    }
    Set<String> types = types(schema);
    if (types.contains("string")) {
      return uniqueText();
    }
    if (types.contains("integer")) {
      return "1";
    }
    if (types.contains("boolean")) {
      return "false";
    }
    if (types.contains("array")) {
      return "[]";
    }
    return types.contains("object") ? "{}" : "null";
  }

  /** Fits the username pattern and the password length, and never repeats, so no create meets a duplicate. */
  private String uniqueText() {
    return "\"fuzz-" + String.format("%06d", unique.incrementAndGet()) + "-ok\"";
  }

  private static String validQueryValue(JsonObject schema) {
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getString(0);
    }
    Set<String> types = types(schema);
    if (types.contains("integer")) {
      return "1";
    }
    if (types.contains("boolean")) {
      return "true";
    }
    return "date-time".equals(schema.getString("format")) ? "2024-01-01T00:00:00Z" : "fuzz";
  }

  private static String render(Map<String, String> body) {
    return body.entrySet().stream().map(e -> Json.encode(e.getKey()) + ":" + e.getValue())
      .collect(Collectors.joining(",", "{", "}"));
  }

  private String plausibleId(Operation op) {
    String template = op.template();
    if (template.startsWith("/users/")) {
      return String.valueOf(victim.id());
    }
    if (template.startsWith("/complaints/")) {
      return String.valueOf(complaintId);
    }
    return String.valueOf(notificationId);
  }

  private static Set<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray list) {
      return list.stream().map(String::valueOf).collect(Collectors.toSet());
    }
    return type == null ? Set.of() : Set.of(String.valueOf(type));
  }

  // ---- sending and judging

  private Answer send(Attempt attempt) {
    HttpRequest<Buffer> request = http.request(attempt.method(), node.httpPort(), "127.0.0.1", attempt.uri());
    if (attempt.authorization() != null) {
      request.putHeader("Authorization", attempt.authorization());
    }
    if (attempt.body() != null) {
      request.putHeader("Content-Type", attempt.contentType());
    }
    if (attempt.uri().length() + String.valueOf(attempt.authorization()).length() > OVERSIZED_HEAD) {
      // the server refuses an oversized head and closes the connection: no later attempt may be sent on it
      request.putHeader("Connection", "close");
    }
    try {
      HttpResponse<Buffer> response =
        Await.await(attempt.body() == null ? request.send() : request.sendBuffer(attempt.body()));
      String body = response.bodyAsString();
      return new Answer(response.statusCode(), response.headers(), body == null ? "" : body);
    } catch (AssertionError | RuntimeException e) {
      return new Answer(-1, MultiMap.caseInsensitiveMultiMap(), "no answer: " + e.getMessage());
    }
  }

  private void judge(Attempt attempt, Answer answer) {
    String fault = fault(attempt.expect(), answer);
    if (fault != null) {
      violations.add(attempt.method() + " " + excerpt(attempt.uri(), 100) + " [" + attempt.label() + ", as "
        + attempt.who() + "] -> " + answer.status() + " " + fault + " (req " + answer.headers().get("X-Request-Id")
        + ", Content-Length " + answer.headers().get("Content-Length") + "): " + excerpt(answer.body(), 300));
    }
  }

  private static String fault(Expect expect, Answer answer) {
    int status = answer.status();
    if (status < 0) {
      return "no answer";
    }
    if (status >= 500) {
      return "server failure";
    }
    if (expect == Expect.UNAUTHORIZED && status != 401) {
      return "expected 401";
    }
    if (expect == Expect.REFUSAL && status < 400) {
      return "expected a refusal (4xx)";
    }
    return status >= 400 ? problemFault(answer) : null;
  }

  private static String problemFault(Answer answer) {
    String contentType = answer.headers().get("Content-Type");
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      return "Content-Type " + contentType + " is not application/problem+json";
    }
    String body = answer.body();
    if (body.contains("Exception") || body.contains("at io.") || body.contains("\tat ")) {
      return "stack trace text in the body";
    }
    try {
      Integer status = new JsonObject(body).getInteger("status");
      return status != null && status == answer.status() ? null : "problem status " + status + " differs";
    } catch (RuntimeException e) {
      return "problem body is not a JSON object";
    }
  }

  private static String excerpt(String text, int max) {
    String flat = text.replace("\n", "\\n").replace("\t", "\\t");
    return flat.length() <= max ? flat : flat.substring(0, max) + "...(" + flat.length() + " chars)";
  }

  // ---- the contract

  @SuppressWarnings("unchecked")
  private static JsonObject contract() {
    try (InputStream in = ContractFuzzTest.class.getClassLoader().getResourceAsStream(Contract.FILE)) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      return new JsonObject((Map<String, Object>) yaml.load(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an attempt must be answered with, besides never a 5xx and never a 4xx that is not a problem document. */
  private enum Expect { ANSWER, REFUSAL, UNAUTHORIZED }

  private record Answer(int status, MultiMap headers, String body) {
  }

  private record Attempt(String label, String who, HttpMethod method, String uri, String authorization, Buffer body,
                         String contentType, Expect expect) {
  }

  /** One operation of the contract, its schemas resolved against the whole document. */
  private record Operation(JsonObject root, String id, HttpMethod method, String template, String description,
                           boolean secured, JsonObject body, boolean bodyRequired, List<JsonObject> queryParameters) {

    static List<Operation> allIn(JsonObject root) {
      List<Operation> operations = new ArrayList<>();
      JsonObject paths = root.getJsonObject("paths");
      for (String template : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(template);
        for (HttpMethod method : METHODS) {
          JsonObject operation = item.getJsonObject(method.name().toLowerCase());
          if (operation != null) {
            operations.add(of(root, template, method, item, operation));
          }
        }
      }
      return operations;
    }

    private static Operation of(JsonObject root, String template, HttpMethod method, JsonObject item, JsonObject op) {
      JsonArray security = op.getJsonArray("security", root.getJsonArray("security", new JsonArray()));
      JsonObject requestBody = op.getJsonObject("requestBody");
      JsonObject body = requestBody == null ? null
        : resolve(root, requestBody.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
      List<JsonObject> query = new ArrayList<>();
      JsonArray parameters = item.getJsonArray("parameters", new JsonArray()).copy()
        .addAll(op.getJsonArray("parameters", new JsonArray()));
      for (Object declared : parameters) {
        JsonObject parameter = resolve(root, (JsonObject) declared);
        if ("query".equals(parameter.getString("in"))) {
          query.add(parameter);
        }
      }
      return new Operation(root, op.getString("operationId"), method, template, op.getString("description", ""),
        !security.isEmpty(), body, requestBody != null && requestBody.getBoolean("required", false), query);
    }

    static JsonObject resolve(JsonObject root, JsonObject node) {
      JsonObject resolved = node;
      while (resolved.containsKey("$ref")) {
        JsonObject target = root;
        for (String part : resolved.getString("$ref").substring(2).split("/")) {
          target = target.getJsonObject(part);
        }
        resolved = target;
      }
      return resolved;
    }

    JsonObject resolve(JsonObject schema) {
      return resolve(root, schema);
    }

    JsonObject properties() {
      return body == null ? new JsonObject() : body.getJsonObject("properties", new JsonObject());
    }

    String uri(String id) {
      return BASE_PATH + template.replace("{id}", id);
    }

    /** The contract states roles in prose only; these are the phrases it uses for operations closed to some roles. */
    List<String> lowerRoles() {
      if (description.contains("Admin only") || description.contains("Admin or service")
        || description.contains("Admin, or the assigned porter")) {
        return List.of("porter", "student");
      }
      return description.contains("a student -> 403") ? List.of("student") : List.of();
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }
}
