package io.herald.auth;

import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing from outside: logins counted per client address and per username before bcrypt runs, a lock
 * after wrong passwords that doubles up to its bound, bcrypt on a small pool of its own, counters shared by nodes.
 * Each test logs in from an address of its own (127.x.y.z), so that the per-address counters of tests stay apart.
 */
@ExtendWith(VertxExtension.class)
class LoginLimitsTest {

  private static final int PER_ADDRESS = 12;
  private static final int PER_USERNAME = 10;
  private static final int LOCK_AFTER = 3;
  private static final int LOCK_MAX_SECONDS = 2;
  private static final int BURST = 40;

  private static Vertx vertx;
  private static Herald node;
  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void startNode(Vertx testVertx) {
    vertx = testVertx;
    node = TestNode.start(vertx, config());
    api = new ApiClient(vertx, node.httpPort(), ownAddress());
    admin = adminToken();
  }

  @AfterAll
  static void stopNode() {
    node.stop().await();
  }

  /** Small limits, and bcrypt slow enough (cost 10) on one thread with one waiting place that a burst overflows it. */
  private static HeraldConfig config() {
    return TestNode.config()
      .with(Settings.LOGINS_PER_ADDRESS.key(), PER_ADDRESS)
      .with(Settings.LOGINS_PER_USERNAME.key(), PER_USERNAME)
      .with(Settings.LOGIN_LOCK_AFTER.key(), LOCK_AFTER)
      .with(Settings.LOGIN_LOCK_SECONDS.key(), 1)
      .with(Settings.LOGIN_LOCK_MAX_SECONDS.key(), LOCK_MAX_SECONDS)
      .with(Settings.BCRYPT_COST.key(), 10)
      .with(Settings.BCRYPT_THREADS.key(), 1)
      .with(Settings.BCRYPT_QUEUE.key(), 1);
  }

  @Test
  void wrongPasswordsLockTheUsernameEvenAgainstTheRightPassword() {
    Student student = newStudent();
    ApiClient client = fromOwnAddress(node);

    for (int i = 0; i < LOCK_AFTER; i++) {
      assertProblem(login(client, student.username(), "wrong-password"), 401);
    }
    HttpResponse<Buffer> refused = login(client, student.username(), password(student));

    assertProblem(refused, 429);
    assertThat(retryAfter(refused)).isBetween(1, LOCK_MAX_SECONDS);
  }

  @Test
  void theLockGrowsButNeverOutlastsItsBoundAndTheRightPasswordThenWorks() throws InterruptedException {
    Student student = newStudent();
    ApiClient client = fromOwnAddress(node);
    for (int i = 0; i < LOCK_AFTER - 1; i++) {
      assertProblem(login(client, student.username(), "wrong-password"), 401);
    }

    List<Integer> locks = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      assertProblem(login(client, student.username(), "wrong-password"), 401);
      HttpResponse<Buffer> locked = assertLocked(client, student);
      locks.add(retryAfter(locked));
      Thread.sleep(retryAfter(locked) * 1000L);
    }

    assertThat(locks).containsExactly(1, 2, LOCK_MAX_SECONDS);
    assertThat(login(client, student.username(), password(student)).statusCode()).isEqualTo(200);
  }

  @Test
  void aCorrectLoginClearsTheWrongPasswordsBeforeIt() {
    Student student = newStudent();
    ApiClient client = fromOwnAddress(node);

    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < LOCK_AFTER - 1; i++) {
        assertProblem(login(client, student.username(), "wrong-password"), 401);
      }
      assertThat(login(client, student.username(), password(student)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void oneAddressIsLimitedAcrossUsernames() {
    Student student = newStudent();
    ApiClient client = fromOwnAddress(node);

    for (int i = 0; i < PER_ADDRESS; i++) {
      assertProblem(login(client, "nobody-" + UUID.randomUUID(), "a-guess"), 401);
    }
    HttpResponse<Buffer> refused = login(client, student.username(), password(student));

    assertProblem(refused, 429);
    assertThat(retryAfter(refused)).isPositive();
    assertThat(login(fromOwnAddress(node), student.username(), password(student)).statusCode()).isEqualTo(200);
  }

  @Test
  void oneUsernameIsLimitedAcrossAddresses() {
    Student student = newStudent();

    for (int i = 0; i < PER_USERNAME; i++) {
      assertThat(login(fromOwnAddress(node), student.username(), password(student)).statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> refused = login(fromOwnAddress(node), student.username(), password(student));

    assertProblem(refused, 429);
    assertThat(retryAfter(refused)).isPositive();
  }

  @Test
  void aBurstBeyondTheBcryptPoolGets503AtOnceWhileOtherRequestsAreServed() {
    List<WebClient> clients = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.httpPort()).setLocalAddress(ownAddress()));
      clients.add(client);
      burst.add(client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("username", "nobody-" + UUID.randomUUID()).put("password", "a-guess")));
    }

    HttpResponse<Buffer> unrelated = api.get("/api/v1/complaints", admin);
    List<HttpResponse<Buffer>> answers = burst.stream().map(Await::await).toList();

    assertThat(unrelated.statusCode()).isEqualTo(200);
    List<HttpResponse<Buffer>> busy = answers.stream().filter(response -> response.statusCode() == 503).toList();
    assertThat(busy).isNotEmpty();
    busy.forEach(response -> {
      assertProblem(response, 503);
      assertThat(retryAfter(response)).isPositive();
    });
    assertThat(answers).allSatisfy(response -> assertThat(response.statusCode()).isIn(401, 503));
    clients.forEach(WebClient::close);
  }

  @Test
  void twoNodesOnOneDatabaseShareTheCounters() {
    Vertx otherVertx = Vertx.vertx();
    Herald other = TestNode.start(otherVertx, config());
    try {
      Student student = newStudent();
      String address = ownAddress();
      ApiClient here = new ApiClient(vertx, node.httpPort(), address);
      ApiClient there = new ApiClient(otherVertx, other.httpPort(), address);

      for (int i = 0; i < LOCK_AFTER; i++) {
        assertProblem(login(here, student.username(), "wrong-password"), 401);
      }
      assertProblem(login(there, student.username(), password(student)), 429);
      for (int i = LOCK_AFTER + 1; i < PER_ADDRESS; i++) {
        assertProblem(login(i % 2 == 0 ? here : there, "nobody-" + UUID.randomUUID(), "a-guess"), 401);
      }
      assertProblem(login(there, "nobody-" + UUID.randomUUID(), "a-guess"), 429);
      assertProblem(login(here, "nobody-" + UUID.randomUUID(), "a-guess"), 429);
    } finally {
      other.stop().await();
      otherVertx.close().await();
    }
  }

  /**
   * Made by hand rather than by logging in: the username counters live in the database all test classes share, and
   * the admin's logins of the whole run would count against this class's small limit. The admin is the first user.
   */
  private static String adminToken() {
    return Tokens.hs256(Tokens.claims(1, "admin", Tokens.inSeconds(3600)), TestNode.JWT_SECRET);
  }

  /** A new student, made without logging in (a login would count). */
  private static Student newStudent() {
    String username = "student-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "password-" + username;
    HttpResponse<Buffer> created = api.post("/api/v1/users", admin,
      new JsonObject().put("username", username).put("password", password).put("role", "student"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return new Student(username, password);
  }

  private static HttpResponse<Buffer> assertLocked(ApiClient client, Student student) {
    HttpResponse<Buffer> locked = login(client, student.username(), password(student));
    assertProblem(locked, 429);
    return locked;
  }

  private static HttpResponse<Buffer> login(ApiClient client, String username, String password) {
    return client.post("/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password));
  }

  private static String password(Student student) {
    return student.password();
  }

  private static int retryAfter(HttpResponse<Buffer> response) {
    String header = response.getHeader("Retry-After");
    assertThat(header).as("Retry-After").isNotNull();
    return Integer.parseInt(header);
  }

  private static ApiClient fromOwnAddress(Herald herald) {
    return new ApiClient(vertx, herald.httpPort(), ownAddress());
  }

  /** A loopback address no other test uses (the whole 127.0.0.0/8 reaches this machine). */
  private static String ownAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
  }

  private record Student(String username, String password) {
  }
}
