package io.herald.sockets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.bus.Addresses;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.RawWsClient;
import io.herald.support.SockJsProbe;
import io.herald.support.SockJsTransport;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.herald.support.WsProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Both socket surfaces of a real node attacked from outside, the way a hostile script would: every abuse must be
 * answered as docs/sockets.md says (an {@code error} frame with a documented code, or a documented close code), a
 * connection documented to stay open must keep working, another user must keep receiving what is theirs and nothing
 * else, and the server must log no error for anything a client sends.
 */
class SocketFuzzTest {

  private static final String RAW = "/ws/notifications";
  /** RFC 6455, 7.4.1: the endpoint received a frame that violates the protocol. */
  private static final int PROTOCOL_ERROR = 1002;
  private static final Set<String> DOCUMENTED_ERRORS = Set.of("bad_json", "bad_frame", "unknown_type", "missing_field",
    "not_found", "forbidden", "bad_request", "unavailable", "auth_refused", "resume_in_progress", "resume_failed",
    "resume_rate_limited", "rate_limited", "too_many_sockets");
  private static final int MAX_MESSAGE = 16 * 1024;
  private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);
  private static final String FOREIGN_SECRET = "a-secret-that-is-not-herald's-but-long-enough-0123456789";
  private static final int TEXT = 1;
  private static final int BINARY = 2;
  private static final int CONTINUATION = 0;
  private static final int CLOSE = 8;
  private static final int PING = 9;
  private static final int PONG = 10;

  private static final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();
  private static OwnNode node;
  private static TestUser attacker;
  private static TestUser victim;
  private static long attackersNotification;
  private static long victimsNotification;
  /** The victim's tab, open for the whole class: it must get every notification of theirs and nothing of anyone else. */
  private static WsProbe victimTab;

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject());
    serverLog.start();
    rootLogger().addAppender(serverLog);
    attacker = node.api().newUser(node.admin(), "student");
    victim = node.api().newUser(node.admin(), "student");
    attackersNotification = notificationFor(attacker, "attacker-secret-" + UUID.randomUUID());
    victimsNotification = notificationFor(victim, "victim-first-" + UUID.randomUUID());
    victimTab = WsProbe.connect(node.vertx(), node.port(), RAW + "?token=" + victim.token());
    assertThat(victimTab.await("connected").getLong("user_id")).isEqualTo(victim.id());
  }

  @AfterAll
  static void stopNode() {
    try {
      assertThat(victimTab.received()).as("the victim's tab saw only the victim's own notifications")
        .allSatisfy(SocketFuzzTest::isTheVictimsOwn);
      JsonObject row = node.api().get("/api/v1/notifications/" + victimsNotification, victim.token()).bodyAsJsonObject();
      assertThat(row.getValue("read_at")).as("the victim's notification is still unread").isNull();
      victimTab.close();
    } finally {
      rootLogger().detachAppender(serverLog);
      node.stop();
    }
  }

  @AfterEach
  void serverLoggedNoErrorForClientInput() {
    List<String> errors;
    synchronized (serverLog) {
      errors = serverLog.list.stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null)
        .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : " / " + event.getThrowableProxy().getClassName() + ": "
          + event.getThrowableProxy().getMessage()))
        .toList();
      serverLog.list.clear();
    }
    assertThat(errors).as("errors and stack traces the server logged").isEmpty();
  }

  // ---- raw WebSocket, signed in

  static Stream<Arguments> malformedFrames() {
    String nested = "{\"type\":\"ping\",\"x\":" + "[".repeat(7000) + "]".repeat(7000) + "}";
    return Stream.of(
      arguments("not JSON", "hello", "bad_json"),
      arguments("an empty text frame", "", "bad_json"),
      arguments("a truncated object", "{\"type\":\"ping\"", "bad_json"),
      arguments("an object with trailing garbage", "{\"type\":\"ping\"}}x", "bad_json"),
      arguments("a JSON array", "[{\"type\":\"ping\"}]", "bad_json"),
      arguments("a JSON number", "42", "bad_json"),
      arguments("JSON null", "null", "bad_json"),
      arguments("a JSON string", "\"ping\"", "bad_json"),
      arguments("JSON true", "true", "bad_json"),
      arguments("an unescaped NUL in a string", "{\"type\":\"pi\u0000ng\"}", "bad_json"),
      arguments("arrays nested 7000 deep", nested, "bad_json"),
      arguments("a number of 5000 digits", "{\"type\":\"mark_read\",\"notification_id\":" + "9".repeat(5000) + "}", "bad_json"),
      arguments("exactly 16 KiB that is not JSON", "x".repeat(MAX_MESSAGE), "bad_json"),
      arguments("an object without type", "{}", "unknown_type"),
      arguments("an unknown type", "{\"type\":\"teleport\"}", "unknown_type"),
      arguments("a type of another case", "{\"type\":\"PING\"}", "unknown_type"),
      arguments("a numeric type", "{\"type\":123}", "unknown_type"),
      arguments("a null type", "{\"type\":null}", "unknown_type"),
      arguments("an object as type", "{\"type\":{\"type\":\"ping\"}}", "unknown_type"),
      arguments("an array as type", "{\"type\":[\"auth\"]}", "unknown_type"),
      arguments("a type with an escaped NUL", "{\"type\":\"ping\\u0000\"}", "unknown_type"),
      arguments("a type that is a lone surrogate", "{\"type\":\"\\ud800\"}", "unknown_type"),
      arguments("a type of 15000 characters", "{\"type\":\"" + "\\ud83d\\ude00".repeat(1200) + "\"}", "unknown_type"),
      arguments("mark_read without an id", "{\"type\":\"mark_read\"}", "missing_field"),
      arguments("mark_read id \"abc\"", markRead("\"abc\""), "missing_field"),
      arguments("mark_read id \"\"", markRead("\"\""), "missing_field"),
      arguments("mark_read id \"12x\"", markRead("\"12x\""), "missing_field"),
      arguments("mark_read id \" 12\"", markRead("\" 12\""), "missing_field"),
      arguments("mark_read id \"-1\"", markRead("\"-1\""), "missing_field"),
      arguments("mark_read id of 20 digits as a string", markRead("\"99999999999999999999\""), "missing_field"),
      arguments("mark_read id of Arabic-Indic digits", markRead("\"\u0661\u0662\""), "missing_field"),
      arguments("mark_read id with an escaped NUL", markRead("\"1\\u0000\""), "missing_field"),
      arguments("mark_read id a lone surrogate", markRead("\"\\ud800\""), "missing_field"),
      arguments("mark_read id -1", markRead("-1"), "missing_field"),
      arguments("mark_read id null", markRead("null"), "missing_field"),
      arguments("mark_read id true", markRead("true"), "missing_field"),
      arguments("mark_read id a nested object", markRead("{\"id\":{\"id\":1}}"), "missing_field"),
      arguments("mark_read id an array", markRead("[1]"), "missing_field"),
      arguments("mark_read id 1e400", markRead("1e400"), "missing_field"),
      arguments("mark_read id of 20 digits", markRead("99999999999999999999"), "missing_field"),
      arguments("mark_read id -0.5", markRead("-0.5"), "missing_field"),
      arguments("mark_read id 0.5", markRead("0.5"), "missing_field"),
      arguments("mark_read id 2^64 + the attacker's own id", markRead(TWO_TO_THE_64.add(BigInteger.valueOf(attackersNotification)).toString()),
        "missing_field"),
      arguments("mark_read of the victim's notification", markRead(String.valueOf(victimsNotification)), "not_found"),
      arguments("mark_read of the victim's notification as a string", markRead("\"" + victimsNotification + "\""), "not_found"),
      arguments("resume last_id -1", "{\"type\":\"resume\",\"last_id\":-1}", "missing_field"),
      arguments("resume last_id \"abc\"", "{\"type\":\"resume\",\"last_id\":\"abc\"}", "missing_field"),
      arguments("resume last_id null", "{\"type\":\"resume\",\"last_id\":null}", "missing_field"),
      arguments("resume last_id an object", "{\"type\":\"resume\",\"last_id\":{}}", "missing_field"),
      arguments("resume without last_id", "{\"type\":\"resume\"}", "missing_field"),
      arguments("auth without a token", "{\"type\":\"auth\"}", "missing_field"),
      arguments("auth with a numeric token", auth("42"), "missing_field"),
      arguments("auth with a token object", auth("{\"token\":\"" + attacker.token() + "\"}"), "missing_field"),
      arguments("auth with a garbage token", auth("\"garbage\""), "auth_refused"),
      arguments("auth with an empty token", auth("\"\""), "auth_refused"),
      arguments("auth with a lone surrogate token", auth("\"\\ud800\""), "auth_refused"),
      arguments("auth with a token of 15000 characters", auth("\"" + "x".repeat(15_000) + "\""), "auth_refused"),
      arguments("auth with the attacker's expired token", auth(quoted(expired(attacker))), "auth_refused"),
      arguments("auth with the victim's token", auth(quoted(victim.token())), "auth_refused"),
      arguments("auth with an unsigned token for the victim", auth(quoted(Tokens.unsigned(
        Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600))))), "auth_refused"),
      arguments("auth with a forged token for the victim", auth(quoted(Tokens.hs256(
        Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600)), FOREIGN_SECRET))), "auth_refused"),
      arguments("auth with the attacker's token claiming admin", auth(quoted(Tokens.hs256(
        Tokens.claims(attacker.id(), "admin", Tokens.inSeconds(3600)), TestNode.JWT_SECRET))), "auth_refused"),
      arguments("auth with a token without exp", auth(quoted(Tokens.hs256(
        Tokens.claims(attacker.id(), "student", null), TestNode.JWT_SECRET))), "auth_refused"),
      arguments("auth with a token whose exp is text", auth(quoted(Tokens.hs256(
        Tokens.claims(attacker.id(), "student", null).put("exp", "tomorrow"), TestNode.JWT_SECRET))), "auth_refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFrames")
  void aMalformedFrameIsAnsweredWithItsErrorAndTheConnectionCarriesOn(String name, String frame, String code) {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.text(frame);
      JsonObject answer = socket.json();
      assertThat(answer.getString("type")).as("answer to %s: %s", name, answer).isEqualTo("error");
      assertThat(answer.getString("code")).as("answer to %s: %s", name, answer).isEqualTo(code);
      assertStillServing(socket);
    }
  }

  @Test
  void aMessageOfExactly16KibIsAnswered() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.text(padded("{\"type\":\"ping\",\"pad\":\"", "\"}", MAX_MESSAGE));
      assertThat(socket.json().getString("type")).isEqualTo("pong");
      assertStillServing(socket);
    }
  }

  @Test
  void binaryFramesGetBadFrameAndTheConnectionCarriesOn() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.frame(true, BINARY, utf8("{\"type\":\"ping\"}"));
      assertThat(socket.json().getString("code")).isEqualTo("bad_frame");
      socket.frame(false, BINARY, new byte[] {0, 1, 2});
      socket.frame(true, CONTINUATION, new byte[] {(byte) 0xff, (byte) 0xfe});
      assertThat(socket.json().getString("code")).isEqualTo("bad_frame");
      assertStillServing(socket);
    }
  }

  /** Herald reads text frames leniently (undecodable bytes become U+FFFD): what is left is answered like any bad frame. */
  @Test
  void textFramesThatAreNotUtf8AreAnsweredLikeAnyBadFrame() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.frame(true, TEXT, new byte[] {'{', '"', (byte) 0xc3, 0x28, '"', '}'});
      assertThat(socket.json().getString("code")).isEqualTo("bad_json");
      socket.frame(true, TEXT, concat(utf8("{\"type\":\""), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"}")));
      assertThat(socket.json().getString("code")).isEqualTo("unknown_type");
      socket.frame(true, TEXT, concat(utf8(markRead("\"")), new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, utf8("\"}")));
      assertThat(socket.json().getString("code")).isEqualTo("missing_field");
      assertStillServing(socket);
    }
  }

  @Test
  void aFragmentedMessageWithAPingBetweenItsFragmentsIsAnswered() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.frame(false, TEXT, utf8("{\"type\":"));
      socket.frame(true, PING, utf8("between"));
      for (char c : "\"ping\"".toCharArray()) {
        socket.frame(false, CONTINUATION, utf8(String.valueOf(c)));
      }
      socket.frame(true, CONTINUATION, utf8("}"));
      assertThat(socket.json().getString("type")).isEqualTo("pong");
      assertThat(socket.pongs()).containsExactly("between");
      assertStillServing(socket);
    }
  }

  @Test
  void thePlainTextPingIsAnsweredWithThePlainTextPong() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.text("ping");
      assertThat(socket.nextText()).isEqualTo("pong");
      assertStillServing(socket);
    }
  }

  static Stream<Arguments> closingAbuse() {
    return Stream.of(
      arguments("16 KiB and one byte", null, 1009, (Consumer<Hostile>) socket ->
        socket.text(padded("{\"type\":\"ping\",\"pad\":\"", "\"}", MAX_MESSAGE + 1))),
      arguments("16 KiB and one byte of three-byte characters", null, 1009, (Consumer<Hostile>) socket ->
        socket.text("\u20ac".repeat(MAX_MESSAGE / 3 + 1))),
      arguments("18,000 bytes in 3 fragments", null, 1009, (Consumer<Hostile>) socket -> {
        socket.frame(false, TEXT, utf8("x".repeat(6000)));
        socket.frame(false, CONTINUATION, utf8("x".repeat(6000)));
        socket.frame(true, CONTINUATION, utf8("x".repeat(6000)));
      }),
      arguments("a frame of 60 KiB", null, 1009, (Consumer<Hostile>) socket ->
        socket.text("x".repeat(60 * 1024))),
      arguments("a frame header announcing 64 KiB and one byte", null, 1009, (Consumer<Hostile>) socket ->
        socket.header(TEXT, SocketSettings.MAX_WIRE_FRAME_BYTES + 1)),
      arguments("a frame header announcing 2^62 bytes", null, 1009, (Consumer<Hostile>) socket ->
        socket.header(TEXT, 1L << 62)),
      arguments("200 frames at once", "rate_limited", 1008, (Consumer<Hostile>) socket ->
        socket.flood(200, () -> socket.text("{\"type\":\"teleport\"}"))),
      arguments("200 binary frames at once", "rate_limited", 1008, (Consumer<Hostile>) socket ->
        socket.flood(200, () -> socket.frame(true, BINARY, new byte[] {1}))),
      arguments("200 plain-text pings at once", "rate_limited", 1008, (Consumer<Hostile>) socket ->
        socket.flood(200, () -> socket.text("ping"))),
      arguments("200 auth frames with the victim's token at once", "rate_limited", 1008, (Consumer<Hostile>) socket ->
        socket.flood(200, () -> socket.text(auth(quoted(victim.token()))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closingAbuse")
  void abuseThatMustCloseClosesWithItsDocumentedCode(String name, String error, int code, Consumer<Hostile> abuse) {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      abuse.accept(socket);
      assertThat(socket.closeCode()).as("close code after %s", name).isEqualTo(code);
      List<String> errors = socket.texts().stream().filter(text -> text.startsWith("{")).map(JsonObject::new)
        .filter(frame -> "error".equals(frame.getString("type"))).map(frame -> frame.getString("code")).distinct().toList();
      assertThat(errors).as("error frames before the close").isSubsetOf(DOCUMENTED_ERRORS);
      assertThat(code).isIn(documentedCloseCodes());
      if (error != null) {
        assertThat(errors).contains(error);
      }
    }
    assertOthersUnaffected(null);
  }

  static Stream<Arguments> protocolViolations() {
    return Stream.of(
      arguments("a continuation frame that continues nothing", (Consumer<Hostile>) socket ->
        socket.frame(true, CONTINUATION, utf8("{\"type\":\"ping\"}"))),
      arguments("a new text frame inside a fragmented message", (Consumer<Hostile>) socket -> {
        socket.frame(false, TEXT, utf8("{\"type\""));
        socket.frame(true, TEXT, utf8("{\"type\":\"ping\"}"));
      }),
      arguments("a fragmented ping", (Consumer<Hostile>) socket -> socket.frame(false, PING, utf8("half"))),
      arguments("a ping of 126 bytes", (Consumer<Hostile>) socket -> socket.frame(true, PING, new byte[126])),
      arguments("reserved data opcode 3", (Consumer<Hostile>) socket -> socket.frame(true, 3, utf8("{\"type\":\"ping\"}"))),
      arguments("reserved control opcode 11", (Consumer<Hostile>) socket -> socket.frame(true, 11, new byte[0])),
      arguments("an unmasked frame", (Consumer<Hostile>) socket -> socket.frame(true, 0, TEXT, utf8("{\"type\":\"ping\"}"), false)),
      arguments("a negative 64-bit length", (Consumer<Hostile>) socket -> socket.header(TEXT, -1L)),
      arguments("a close frame with a one-byte payload", (Consumer<Hostile>) socket -> socket.frame(true, CLOSE, new byte[] {3})));
  }

  /** Frames RFC 6455 forbids: Netty's decoder refuses them before Herald sees them, and Herald closes 1002. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("protocolViolations")
  void aProtocolViolationClosesWith1002(String name, Consumer<Hostile> abuse) {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      abuse.accept(socket);
      int code = socket.closeCode();
      assertThat(socket.texts()).as("frames before the close").isEmpty();
      assertThat(code).as("close code after %s", name).isEqualTo(PROTOCOL_ERROR);
    }
    assertOthersUnaffected(null);
  }

  /** A client acts on close codes by the table in docs/sockets.md: the one for malformed frames must be in it. */
  @Test
  void theProtocolErrorCloseIsDocumented() {
    assertThat(documentedCloseCodes()).as("close codes in docs/sockets.md").contains(PROTOCOL_ERROR);
  }

  @Test
  void pingsAreAnsweredAndUnsolicitedPongsIgnoredWithinTheFrameBudget() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      for (int i = 0; i < 10; i++) {
        socket.frame(true, PONG, utf8("unasked " + i));
      }
      byte[] largest = new byte[125];
      ThreadLocalRandom.current().nextBytes(largest);
      for (int i = 0; i < 15; i++) {
        socket.frame(true, PING, utf8("ping " + i));
      }
      socket.frame(true, PING, largest);
      assertStillServing(socket);
      assertThat(socket.pongs()).hasSize(16).startsWith("ping 0", "ping 1");
    }
  }

  /**
   * A client that sends pings and never reads makes the server queue pongs for it. docs/sockets.md: Herald never holds
   * more than 1 MiB of unsent bytes for a socket before deciding (4429), and frames are rate limited (1008).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rawWebSocketPath")
  void aPingFloodFromAClientThatDoesNotReadIsBounded(String name, String uri) throws IOException {
    int pings = 120_000;
    long pongBytes;
    int code;
    try (Hostile socket = Hostile.connect(uri + attacker.token(), 4096)) {
      byte[] payload = new byte[125];
      socket.flood(pings, () -> socket.frame(true, PING, payload));
      pongBytes = socket.countPongBytesUntilQuietOrClosed();
      code = socket.lastCloseCode();
    }
    assertOthersUnaffected(null);
    assertThat(pongBytes).as("pong payload bytes the server queued for a client that did not read (%d pings sent, then %s)",
      pings, code == 0 ? "no close" : "close " + code).isLessThan(8L << 20);
    assertThat(code).as("how the flood ended").isIn(1008, 4429);
  }

  /** Only the raw socket: SockJS's WebSocket transport answers pings in vertx-web, unbounded (docs/sockets.md). */
  static Stream<Arguments> rawWebSocketPath() {
    return Stream.of(arguments("raw WebSocket", RAW + "?token="));
  }

  // ---- raw WebSocket, not signed in

  static Stream<Arguments> firstFrames() {
    return Stream.of(
      arguments("not JSON", text("hello")),
      arguments("JSON that is not an object", text("[\"auth\"]")),
      arguments("a binary frame", (Consumer<Hostile>) socket -> socket.frame(true, BINARY, utf8(auth(quoted(attacker.token()))))),
      arguments("mark_read", text(markRead(String.valueOf(victimsNotification)))),
      arguments("get_unread_count", text("{\"type\":\"get_unread_count\"}")),
      arguments("auth without a token", text("{\"type\":\"auth\"}")),
      arguments("auth with a numeric token", text(auth("42"))),
      arguments("auth with a garbage token", text(auth("\"garbage\""))),
      arguments("auth with a lone surrogate token", text(auth("\"\\ud800\""))),
      arguments("auth with an expired token", text(auth(quoted(expired(victim))))),
      arguments("auth with an unsigned token for the victim", text(auth(quoted(Tokens.unsigned(
        Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600))))))),
      arguments("auth with a forged token for the victim", text(auth(quoted(Tokens.hs256(
        Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600)), FOREIGN_SECRET))))),
      arguments("auth with a token claiming admin", text(auth(quoted(Tokens.hs256(
        Tokens.claims(attacker.id(), "admin", Tokens.inSeconds(3600)), TestNode.JWT_SECRET))))),
      arguments("auth with a token without exp", text(auth(quoted(Tokens.hs256(
        Tokens.claims(attacker.id(), "student", null), TestNode.JWT_SECRET))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstFrames")
  void aFirstFrameThatIsNotAValidAuthClosesWith4401BeforeAnyData(String name, Consumer<Hostile> abuse) {
    try (Hostile socket = Hostile.connect(RAW)) {
      abuse.accept(socket);
      assertThat(socket.firstAnswer()).as("the server's answer to %s", name).isEqualTo("close 4401");
    }
    assertOthersUnaffected(null);
  }

  @Test
  void badTokensOnTheUpgradeUrlAreRefused() {
    for (String token : List.of("garbage", "", "%00", expired(victim), victim.token() + "x")) {
      try (Hostile socket = Hostile.connect(RAW + "?token=" + token)) {
        assertThat(socket.closeCode()).as("token %s", token).isEqualTo(4401);
        assertThat(socket.texts()).isEmpty();
      }
    }
    assertThat(Hostile.upgradeStatus(RAW + "?token=%ZZ")).contains(" 400 ");
    assertOthersUnaffected(null);
  }

  @Test
  void thePlainTextPingIsAnsweredBeforeAuthentication() {
    try (Hostile socket = Hostile.connect(RAW)) {
      socket.text("ping");
      assertThat(socket.nextText()).isEqualTo("pong");
      socket.text(auth(quoted(attacker.token())));
      assertThat(socket.json().getLong("user_id")).isEqualTo(attacker.id());
      assertStillServing(socket);
    }
  }

  // ---- raw WebSocket, resume

  static Stream<Arguments> absurdLastIds() {
    return Stream.of(
      arguments("Long.MAX_VALUE", String.valueOf(Long.MAX_VALUE)),
      arguments("1e400", "1e400"),
      arguments("2^64", TWO_TO_THE_64.toString()),
      arguments("10^30", "1" + "0".repeat(30)));
  }

  /** Nothing of the attacker's is above such an id: the replay is empty (or the id refused), never someone else's rows. */
  @ParameterizedTest(name = "resume from {0}")
  @MethodSource("absurdLastIds")
  void resumeFromAnAbsurdIdReplaysNothing(String name, String lastId) {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      socket.text("{\"type\":\"resume\",\"last_id\":" + lastId + "}");
      List<JsonObject> frames = socket.until("resumed", "error");
      JsonObject last = frames.get(frames.size() - 1);
      if ("error".equals(last.getString("type"))) {
        assertThat(last.getString("code")).isEqualTo("missing_field");
      } else {
        assertThat(frames).as("replayed after %s", name).hasSize(1);
        assertThat(last.getInteger("count")).isZero();
      }
      assertStillServing(socket);
    }
  }

  @ParameterizedTest(name = "auth frame with last_id {0}")
  @MethodSource("absurdLastIds")
  void authFrameWithAnAbsurdLastIdConnectsAndReplaysNothing(String name, String lastId) {
    try (Hostile socket = Hostile.connect(RAW)) {
      socket.text("{\"type\":\"auth\",\"token\":\"" + attacker.token() + "\",\"last_id\":" + lastId + "}");
      assertThat(socket.json().getString("type")).isEqualTo("connected");
      List<JsonObject> frames = socket.until("resumed", "error");
      assertThat(frames).as("replayed after %s", name).hasSize(1);
      JsonObject answer = frames.get(0);
      if ("error".equals(answer.getString("type"))) {
        assertThat(answer.getString("code")).as("%s is no id: the resume fails, as from a negative one", name)
          .isEqualTo("resume_failed");
      } else {
        assertThat(answer.getInteger("count")).isZero();
      }
      assertStillServing(socket);
    }
  }

  @Test
  void authFrameWithANegativeLastIdGetsADocumentedAnswer() {
    try (Hostile socket = Hostile.connect(RAW)) {
      socket.text("{\"type\":\"auth\",\"token\":\"" + attacker.token() + "\",\"last_id\":-5}");
      assertThat(socket.json().getString("type")).isEqualTo("connected");
      JsonObject answer = socket.until("resumed", "error").get(0);
      if ("error".equals(answer.getString("type"))) {
        assertThat(answer.getString("code")).isIn(DOCUMENTED_ERRORS);
      }
      assertStillServing(socket);
    }
  }

  /** The URL's last_id is read by the same rule as the auth frame's: what is no id fails the resume, never replays all. */
  @ParameterizedTest(name = "?last_id={0}")
  @ValueSource(strings = {"-5", "-0x1", "abc", "1.5", "1e3", "18446744073709551617", "+7", ""})
  void urlWithAnInvalidLastIdConnectsAndTheResumeFails(String lastId) {
    try (Hostile socket = Hostile.connect(RAW + "?token=" + attacker.token() + "&last_id=" + lastId)) {
      assertThat(socket.json().getString("type")).isEqualTo("connected");
      JsonObject answer = socket.until("resumed", "error").get(0);
      assertThat(answer.getString("type")).as("?last_id=%s", lastId).isEqualTo("error");
      assertThat(answer.getString("code")).isEqualTo("resume_failed");
      assertStillServing(socket);
    }
  }

  @Test
  void marksForOthersAndForgedActorsTouchOnlyTheAttackersOwnInbox() {
    try (Hostile socket = Hostile.signedIn(attacker)) {
      JsonObject forged = new JsonObject().put("id", victim.id()).put("username", victim.username()).put("role", "student");
      socket.text(new JsonObject().put("type", "mark_all_read").put("actor", forged).put("user_id", victim.id()).encode());
      assertThat(socket.json().getJsonObject("data").getString("status")).isEqualTo("all_read");
      assertThat(socket.json().getJsonObject("data").getLong("count")).isZero();
      socket.text(new JsonObject().put("type", "get_unread_count").put("actor", forged).put("user_id", victim.id()).encode());
      JsonObject count = socket.json();
      assertThat(count.getString("type")).isEqualTo("unread_count");
      assertThat(count.getJsonObject("data").getLong("count")).isZero();
      socket.text(new JsonObject().put("type", "mark_read").put("notification_id", victimsNotification).put("actor", forged).encode());
      assertThat(socket.json().getString("code")).isEqualTo("not_found");
      assertStillServing(socket);
    }
  }

  // ---- SockJS bridge

  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"WEBSOCKET", "XHR_STREAMING", "XHR_POLLING"})
  void bridgeRefusesEveryAddressAndFrameTheUserMayNotUse(SockJsTransport transport) {
    SockJsProbe victimSession = SockJsProbe.connect(node.vertx(), node.port(), "token=" + victim.token(), transport);
    victimSession.register(Addresses.userNotifications(victim.id()), null);
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token(), transport);
    try {
      BridgeAbuse abuse = new BridgeAbuse(session, true);
      if (transport == SockJsTransport.WEBSOCKET) {
        abuse.expectErr("not JSON", "invalid_json", "not json");
        abuse.expectErr("a JSON array", "invalid_json", "[1,2]");
        abuse.expectErr("a lone surrogate", "invalid_json", "\"\\ud800\"");
      }
      abuse.expectErr("no type", "missing_type", new JsonObject().put("address", "x"));
      abuse.expectErr("no address", "missing_address", new JsonObject().put("type", "send"));
      abuse.expectErr("an unknown type", "invalid_type", new JsonObject().put("type", "bogus").put("address", "x"));
      abuse.expectErr("a numeric type", "invalid_type", new JsonObject().put("type", 7).put("address", "x"));
      for (String address : List.of(Addresses.userNotifications(victim.id()), Addresses.USER_MESSAGES,
        Addresses.studentDashboard(victim.id()), Addresses.DASHBOARD_NEW_COMPLAINTS, Addresses.DASHBOARD_COMPLAINT_UPDATES,
        Addresses.USERS_GET, Addresses.EVENT_USER_CHANGED, "__vertx.reply.1", "notifications.user." + attacker.id() + ".x",
        "notifications.user.0" + attacker.id(), "notifications.user.*", ".*", "x".repeat(5000))) {
        abuse.expectErr("register " + abbreviated(address), "rejected", new JsonObject().put("type", "register").put("address", address));
      }
      abuse.expectErr("register a numeric address", "rejected", new JsonObject().put("type", "register").put("address", 42));
      abuse.expectErrs("register with the victim's token", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())).put("headers", new JsonObject().put("token", victim.token())),
        "auth_refused", "rejected");
      abuse.expectErr("register with a garbage token", "rejected", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())).put("headers", new JsonObject().put("token", "garbage")));
      for (String address : List.of(Addresses.userNotifications(victim.id()), Addresses.USER_MESSAGES, Addresses.USERS_GET,
        Addresses.NOTIFICATIONS_MARK_ALL_READ, Addresses.EVENT_USER_CHANGED, "__vertx.reply.1", Addresses.DASHBOARD_NEW_COMPLAINTS)) {
        abuse.expectErr("send to " + address, "access_denied", new JsonObject().put("type", "send").put("address", address)
          .put("body", new JsonObject().put("user_id", victim.id()).put("title", "forged")));
      }
      for (String address : List.of(Addresses.userNotifications(victim.id()), Addresses.BRIDGE_MARK_ALL_READ, Addresses.USERS_GET)) {
        abuse.expectErr("publish to " + address, "rejected", new JsonObject().put("type", "publish").put("address", address)
          .put("body", new JsonObject().put("type", "notification").put("data", new JsonObject().put("title", "forged"))));
      }
      abuse.expectErr("a reply address of 200 characters", "invalid_reply_address", new JsonObject().put("type", "send")
        .put("address", Addresses.BRIDGE_UNREAD_COUNT).put("body", new JsonObject()).put("replyAddress", "r".repeat(200)));
      abuse.expectFailure("mark-read of the victim's notification", 404, Addresses.BRIDGE_MARK_READ,
        new JsonObject().put("notification_id", victimsNotification));
      for (Object id : List.of("abc", "12x", "-1", "99999999999999999999", -1, true, new JsonArray().add(1), new JsonObject())) {
        abuse.expectFailure("mark-read id " + id, 400, Addresses.BRIDGE_MARK_READ, new JsonObject().put("notification_id", id));
      }
      abuse.expectFailure("mark-read with a string body", 400, Addresses.BRIDGE_MARK_READ, "12");
      abuse.expectFailure("mark-read with an array body", 400, Addresses.BRIDGE_MARK_READ, new JsonArray().add(victimsNotification));
      abuse.expectFailure("mark-read with a body of 48 KiB", 400, Addresses.BRIDGE_MARK_READ,
        new JsonObject().put("pad", "x".repeat(48 * 1024)));
      for (Object lastId : List.of(-1, "abc", new JsonObject())) {
        abuse.expectFailure("resume from " + lastId, 400, Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", lastId));
      }
      JsonObject forged = new JsonObject().put("id", victim.id()).put("username", victim.username()).put("role", "admin");
      // the victim's count differs from the attacker's once the victim got the notifications of earlier checks
      long attackersUnread = unreadCount(attacker);
      abuse.expectReply("unread-count with a forged actor", Addresses.BRIDGE_UNREAD_COUNT, new JsonObject().put("actor", forged),
        reply -> assertThat(reply.getLong("count")).as("the attacker's own count").isEqualTo(attackersUnread));
      abuse.expectReply("mark-all-read with a forged actor", Addresses.BRIDGE_MARK_ALL_READ, new JsonObject().put("actor", forged),
        reply -> assertThat(reply).isNotNull());
      abuse.expectReply("resume from Long.MAX_VALUE", Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", Long.MAX_VALUE),
        reply -> assertThat(reply.getJsonArray("items")).isEmpty());

      String title = "victim-over-" + transport + "-" + UUID.randomUUID();
      assertThat(node.api().notify(node.admin(), victim.id(), title).statusCode()).isEqualTo(201);
      JsonObject delivered = victimSession.awaitAddress(Addresses.userNotifications(victim.id())).getJsonObject("body");
      assertThat(delivered.getJsonObject("data").getString("title")).isEqualTo(title);
      assertThat(victimTab.await("notification").getJsonObject("data").getString("title")).isEqualTo(title);
      abuse.expectReply("a request after the victim's notification", Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(),
        reply -> assertThat(reply.getLong("count")).isZero());
      assertThat(abuse.received()).as("what the attacker's session received").noneMatch(message -> message.encode().contains(title)
        || message.encode().contains("victim-first"));
    } finally {
      session.close();
      victimSession.close();
    }
    assertOthersUnaffected(null);
  }

  @Test
  void anAnonymousBridgeSessionMayDoNothing() {
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), null);
    try {
      BridgeAbuse abuse = new BridgeAbuse(session, false);
      abuse.expectErr("register the victim's address", "rejected", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())));
      abuse.expectErr("register with an unsigned token", "rejected", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())).put("headers", new JsonObject().put("token",
          Tokens.unsigned(Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600))))));
      abuse.expectErr("register with a forged token", "rejected", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())).put("headers", new JsonObject().put("token",
          Tokens.hs256(Tokens.claims(victim.id(), "student", Tokens.inSeconds(3600)), FOREIGN_SECRET))));
      abuse.expectErr("register with an expired token", "rejected", new JsonObject().put("type", "register")
        .put("address", Addresses.userNotifications(victim.id())).put("headers", new JsonObject().put("token", expired(victim))));
      abuse.expectErr("mark-all-read", "rejected", new JsonObject().put("type", "send")
        .put("address", Addresses.BRIDGE_MARK_ALL_READ).put("body", new JsonObject()).put("replyAddress", "r1"));
    } finally {
      session.close();
    }
    assertOthersUnaffected(null);
  }

  static Stream<Arguments> idsOutside64Bits() {
    return Stream.of(
      arguments("2^64 + the attacker's own id", TWO_TO_THE_64.add(BigInteger.valueOf(attackersNotification))),
      arguments("1e400", new BigDecimal("1e400")),
      arguments("-0.5", new BigDecimal("-0.5")));
  }

  /** docs/sockets.md: an id that is not a non-negative integer of at most 19 digits is a 400 reply on the bridge. */
  @ParameterizedTest(name = "mark-read {0}")
  @MethodSource("idsOutside64Bits")
  void bridgeMarkReadOfAnIdThatIsNoIdIsRefused(String name, Number id) {
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token());
    try {
      new BridgeAbuse(session, true).expectFailure("mark-read " + name, 400, Addresses.BRIDGE_MARK_READ,
        new JsonObject().put("notification_id", id));
    } finally {
      session.close();
    }
  }

  /** Nothing is above 2^64: the replay is empty, or the id refused (400); never a replay from another id. */
  @Test
  void bridgeResumeFromBeyond64BitsReplaysNothing() {
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token());
    try {
      session.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", TWO_TO_THE_64), "resume", null);
      JsonObject answer = session.awaitAddress("resume");
      if ("err".equals(answer.getString("type"))) {
        assertThat(answer.getInteger("failureCode")).isEqualTo(400);
      } else {
        assertThat(answer.getJsonObject("body").getJsonArray("items")).as("replayed after 2^64").isEmpty();
      }
    } finally {
      session.close();
    }
  }

  /** Headers that are not an object are as unusable as a missing token: the frame is refused, the session goes on. */
  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"WEBSOCKET", "XHR_POLLING"})
  void bridgeFramesWithHeadersThatAreNotAnObjectAreRefused(SockJsTransport transport) {
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token(), transport);
    try {
      List<Object> malformed = List.of("token", 42, new JsonArray().add(victim.token()));
      for (int i = 0; i < malformed.size(); i++) {
        Object headers = malformed.get(i);
        session.send(new JsonObject().put("type", "register").put("address", Addresses.userNotifications(attacker.id()))
          .put("headers", headers));
        session.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "after-" + i, null);
        JsonObject answer = session.next();
        assertThat(answer).as("answer to a register with headers %s", headers)
          .isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
        assertThat(session.awaitAddress("after-" + i).getJsonObject("body").getLong("count")).isNotNull();
      }
    } finally {
      session.close();
    }
    assertOthersUnaffected(null);
  }

  /** Refused addresses are logged with the user id (docs/sockets.md); an address is the client's text, not log lines. */
  @Test
  void aRefusedAddressCannotForgeLogLines() {
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token());
    try {
      String forged = "x\n" + "00:00:00.000 ERROR [main] i.h.Main - forged line\r\n";
      session.register(forged, null);
      assertThat(session.next().getString("body")).isEqualTo("rejected");
    } finally {
      session.close();
    }
    List<String> logged;
    synchronized (serverLog) {
      logged = serverLog.list.stream().map(ILoggingEvent::getFormattedMessage).filter(message -> message.contains("forged line"))
        .toList();
    }
    assertThat(logged).as("log messages with the client's address").isNotEmpty()
      .noneMatch(message -> message.contains("\n") || message.contains("\r"));
  }

  /** vertx-web closes a websocket-transport session whose frame is not a SockJS frame; a JSON string is one. */
  @Test
  void aSockJsWebSocketFrameThatIsNotSockJsEndsOnlyThatSession() {
    for (String frame : List.of("hello", "[1,", "{\"type\":\"ping\"}", "[{}]", "[\"{}\"")) {
      SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token());
      session.raw().sendText(frame);
      assertThat(session.raw().awaitClose()).as("close after %s", frame).isPositive();
      session.close();
    }
    SockJsProbe session = SockJsProbe.connect(node.vertx(), node.port(), "token=" + attacker.token());
    session.raw().sendText("\"\\ud800\"");
    assertThat(session.next()).isEqualTo(new JsonObject().put("type", "err").put("body", "invalid_json"));
    session.close();
    assertOthersUnaffected(null);
  }

  /**
   * Unlike the raw socket, SockJS's WebSocket transport ends the TCP connection on a wire frame over 64 KiB without a
   * close frame (docs/sockets.md): the session ends, and nobody else notices.
   */
  @Test
  void anOversizedSockJsWebSocketFrameEndsOnlyThatSession() {
    try (Hostile socket = Hostile.connect("/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token="
      + attacker.token())) {
      assertThat(socket.nextText()).isEqualTo("o");
      socket.text(new JsonArray().add("x".repeat(70 * 1024)).encode());
      assertThat(socket.closeCode()).as("-1: the connection ended without a close frame (a browser's 1006)").isIn(-1, 1009);
    }
    assertOthersUnaffected(null);
  }

  /**
   * The SockJS protocol answers an {@code xhr_send} body it cannot decode with 500 "Broken JSON encoding." and an empty
   * one with 500 "Payload expected." (sockjs-protocol 0.3.3); bad bridge messages inside a good frame get {@code err}.
   */
  @Test
  void xhrSendBodiesThatAreNotSockJsAreRefusedAndTheSessionCarriesOn() {
    WebClient http = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()).setKeepAlive(false));
    try {
      String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
      String query = "?token=" + attacker.token();
      assertThat(Await.await(http.post(session + "xhr" + query).send()).bodyAsString()).isEqualTo("o\n");
      for (String body : List.of("hello", "[1,", "\u0000", "[\"a\"", "\"")) {
        HttpResponse<Buffer> refused = xhrSend(http, session + "xhr_send" + query, body);
        assertThat(refused.statusCode()).as("xhr_send of %s", body).isEqualTo(500);
        assertThat(refused.bodyAsString()).as("xhr_send of %s", body).isEqualTo("Broken JSON encoding.");
      }
      assertThat(xhrSend(http, session + "xhr_send" + query, "").bodyAsString()).isEqualTo("Payload expected.");
      assertThat(xhrSend(http, session + "xhr_send" + query, "{\"type\":\"ping\"}").statusCode()).as("not an array: nothing").isEqualTo(204);
      assertThat(xhrSend(http, session + "xhr_send" + query, "[\"not json\",\"[1]\",\"{}\"]").statusCode()).isEqualTo(204);
      String invalidJson = new JsonObject().put("type", "err").put("body", "invalid_json").encode();
      String missingType = new JsonObject().put("type", "err").put("body", "missing_type").encode();
      assertThat(Await.await(http.post(session + "xhr" + query).send()).bodyAsString())
        .isEqualTo("a" + new JsonArray().add(invalidJson).add(invalidJson).add(missingType).encode() + "\n");
      String request = new JsonArray().add(new JsonObject().put("type", "send").put("address", Addresses.BRIDGE_UNREAD_COUNT)
        .put("body", new JsonObject()).put("replyAddress", "alive").encode()).encode();
      assertThat(xhrSend(http, session + "xhr_send" + query, request).statusCode()).isEqualTo(204);
      String polled = Await.await(http.post(session + "xhr" + query).send()).bodyAsString();
      assertThat(polled).contains("alive").contains("count");
    } finally {
      http.close();
    }
    assertOthersUnaffected(null);
  }

  /** docs/sockets.md: a body over 64 KiB is answered 413 and dropped; vertx-web's ERROR logging is off for client input. */
  @Test
  void anOversizedXhrSendIsAnswered413WithoutLoggingAnError() {
    WebClient http = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()).setKeepAlive(false));
    try {
      String huge = new JsonArray().add("x".repeat(SocketSettings.MAX_WIRE_FRAME_BYTES)).encode();
      assertThat(xhrSend(http, "/eventbus/000/nosession/xhr_send", huge).statusCode()).isEqualTo(413);
    } finally {
      http.close();
    }
  }

  private static HttpResponse<Buffer> xhrSend(WebClient http, String uri, String body) {
    return Await.await(http.post(uri).putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(body)));
  }

  // ---- checks

  /** The attacker's connection still answers, and another user is still served (and the attacker gets none of it). */
  private static void assertStillServing(Hostile socket) {
    assertThat(socket.drain()).as("frames nobody asked for").isEmpty();
    assertOthersUnaffected(socket);
  }

  /**
   * A fresh connection of the victim receives a notification sent to them over REST, so does their long-lived tab,
   * and the attacker's connection (when still open) does not.
   */
  private static void assertOthersUnaffected(Hostile attackerSocket) {
    String title = "victim-" + UUID.randomUUID();
    WsProbe fresh = WsProbe.connect(node.vertx(), node.port(), RAW + "?token=" + victim.token());
    try {
      assertThat(fresh.await("connected").getLong("user_id")).isEqualTo(victim.id());
      assertThat(node.api().notify(node.admin(), victim.id(), title).statusCode()).isEqualTo(201);
      assertThat(fresh.await("notification").getJsonObject("data").getString("title")).isEqualTo(title);
      assertThat(victimTab.await("notification").getJsonObject("data").getString("title")).isEqualTo(title);
    } finally {
      fresh.close();
    }
    if (attackerSocket != null) {
      assertThat(attackerSocket.drain()).as("the attacker's frames after the victim's notification")
        .noneMatch(frame -> frame.encode().contains(title));
    }
  }

  private static long unreadCount(TestUser user) {
    return node.api().get("/api/v1/notifications/unread-count", user.token()).bodyAsJsonObject().getLong("count");
  }

  private static boolean isTheVictimsOwn(String text) {
    JsonObject frame = new JsonObject(text);
    return switch (frame.getString("type")) {
      case "connected" -> frame.getLong("user_id") == victim.id();
      case "notification" -> frame.getJsonObject("data").getLong("user_id") == victim.id()
        && !frame.getJsonObject("data").getString("title").startsWith("attacker");
      case "unread_count", "pong" -> true;
      default -> false;
    };
  }

  /** A bridge session driven message by message: each abuse is answered before the next, and the session still works. */
  private static final class BridgeAbuse {
    private final SockJsProbe session;
    private final boolean signedIn;
    private final List<JsonObject> received = new ArrayList<>();
    private int requests;

    BridgeAbuse(SockJsProbe session, boolean signedIn) {
      this.session = session;
      this.signedIn = signedIn;
    }

    /** Sends the bridge message, a JSON object or (websocket transport only) any text, and expects the bridge's {@code err}s. */
    void expectErr(String name, String body, Object message) {
      expectErrs(name, message, body);
    }

    void expectErrs(String name, Object message, String... bodies) {
      sendRaw(message);
      for (String body : bodies) {
        JsonObject answer = next();
        assertThat(answer.getString("type")).as("answer to %s: %s", name, answer).isEqualTo("err");
        assertThat(answer.getString("body")).as("answer to %s: %s", name, answer).isEqualTo(body);
      }
      if (signedIn) {
        stillServing(name);
      }
    }

    void expectFailure(String name, int failureCode, String address, Object body) {
      String replyAddress = "r-" + ++requests;
      sendRaw(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
      JsonObject answer = next();
      assertThat(answer.getString("address")).as("answer to %s: %s", name, answer).isEqualTo(replyAddress);
      assertThat(answer.getString("type")).as("answer to %s: %s", name, answer).isEqualTo("err");
      assertThat(answer.getInteger("failureCode")).as("answer to %s: %s", name, answer).isEqualTo(failureCode);
      stillServing(name);
    }

    void expectReply(String name, String address, JsonObject body, Consumer<JsonObject> check) {
      String replyAddress = "r-" + ++requests;
      session.request(address, body, replyAddress, null);
      JsonObject answer = next();
      assertThat(answer.getString("address")).as("answer to %s: %s", name, answer).isEqualTo(replyAddress);
      assertThat(answer.getString("type")).as("answer to %s: %s", name, answer).isEqualTo("rec");
      check.accept(answer.getJsonObject("body"));
    }

    private void stillServing(String after) {
      session.send(new JsonObject().put("type", "ping"));
      expectReply("unread-count after " + after, Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(),
        reply -> assertThat(reply.getLong("count")).isNotNull());
    }

    /** One bridge message as the SockJS frame's only element: a JSON object as it is, anything else as its text. */
    private void sendRaw(Object message) {
      if (message instanceof JsonObject json) {
        session.send(json);
      } else {
        session.raw().sendText(new JsonArray().add(message).encode());
      }
    }

    private JsonObject next() {
      JsonObject message = session.next();
      received.add(message);
      return message;
    }

    List<JsonObject> received() {
      return received;
    }
  }

  // ---- frames and tokens

  private static String markRead(String idJson) {
    return "{\"type\":\"mark_read\",\"notification_id\":" + idJson + "}";
  }

  private static String auth(String tokenJson) {
    return "{\"type\":\"auth\",\"token\":" + tokenJson + "}";
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static Consumer<Hostile> text(String frame) {
    return socket -> socket.text(frame);
  }

  private static String expired(TestUser user) {
    return Tokens.hs256(Tokens.claims(user.id(), user.role(), Tokens.inSeconds(-3600)), TestNode.JWT_SECRET);
  }

  /** {@code prefix + x... + suffix} of exactly {@code bytes} UTF-8 bytes. */
  private static String padded(String prefix, String suffix, int bytes) {
    return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    Arrays.stream(parts).forEach(joined::writeBytes);
    return joined.toByteArray();
  }

  private static String abbreviated(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static long notificationFor(TestUser user, String title) {
    assertThat(node.api().notify(node.admin(), user.id(), title).statusCode()).isEqualTo(201);
    JsonArray items = node.api().get("/api/v1/notifications", user.token()).bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).filter(row -> title.equals(row.getString("title")))
      .findFirst().orElseThrow().getLong("id");
  }

  /** The codes of the "Close codes" table of docs/sockets.md. */
  private static Set<Integer> documentedCloseCodes() {
    try {
      String doc = Files.readString(Path.of("docs", "sockets.md"));
      String table = doc.substring(doc.indexOf("### Close codes"), doc.indexOf("**Limits.**"));
      return Pattern.compile("(?m)^\\| (\\d{4}) \\|").matcher(table).results()
        .map(match -> Integer.parseInt(match.group(1))).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  }

  /**
   * A WebSocket client on a plain TCP socket that writes any frame at all (fragmented, unmasked, reserved bits and
   * opcodes, announced lengths it never sends), reads synchronously, and keeps every text frame and pong it got.
   */
  private static final class Hostile implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<String> texts = new ArrayList<>();
    private final List<String> pongs = new ArrayList<>();
    /** How the connection ended: its close code, -1 for a drop without a close frame, 0 while it has not ended. */
    private int lastCloseCode;

    private Hostile(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Hostile connect(String uri) {
      return connect(uri, 64 * 1024);
    }

    static Hostile connect(String uri, int receiveBufferBytes) {
      Hostile client = open(receiveBufferBytes);
      String status = client.handshake(uri);
      if (!status.contains(" 101 ")) {
        client.close();
        throw new AssertionError("upgrade of " + uri + " refused: " + status);
      }
      return client;
    }

    /** The status line the server answers an upgrade of {@code uri} with. */
    static String upgradeStatus(String uri) {
      try (Hostile client = open(64 * 1024)) {
        return client.handshake(uri);
      }
    }

    static Hostile signedIn(TestUser user) {
      Hostile client = connect(RAW + "?token=" + user.token());
      JsonObject hello = client.json();
      assertThat(hello.getString("type")).isEqualTo("connected");
      assertThat(hello.getLong("user_id")).isEqualTo(user.id());
      client.texts.clear();
      return client;
    }

    private static Hostile open(int receiveBufferBytes) {
      try {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new Hostile(socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String handshake(String uri) {
      write(("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      try {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void text(String text) {
      frame(true, TEXT, utf8(text));
    }

    void frame(boolean fin, int opcode, byte[] payload) {
      frame(fin, 0, opcode, payload, true);
    }

    void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
      frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
      writeLength(frame, masked, payload.length);
      byte[] mask = new byte[4];
      if (masked) {
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
      }
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      write(frame.toByteArray());
    }

    /** A masked frame's header announcing {@code length} bytes, and nothing of them. */
    void header(int opcode, long length) {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x80 | opcode);
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >>> shift) & 0xff);
      }
      frame.writeBytes(new byte[4]);
      write(frame.toByteArray());
    }

    private static void writeLength(ByteArrayOutputStream frame, boolean masked, int length) {
      int maskBit = masked ? 0x80 : 0;
      if (length < 126) {
        frame.write(maskBit | length);
      } else if (length < 65_536) {
        frame.write(maskBit | 126);
        frame.write(length >>> 8);
        frame.write(length & 0xff);
      } else {
        frame.write(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) length >>> shift) & 0xff);
        }
      }
    }

    /** Writes {@code count} times as fast as it can, stopping when the server has closed the connection. */
    void flood(int count, Runnable write) {
      try {
        for (int i = 0; i < count; i++) {
          write.run();
        }
      } catch (UncheckedIOException closedByTheServer) {
        // the server closed while frames were still coming: what it answered is read afterwards
      }
    }

    private void write(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads one frame into {@code payload} and returns its opcode. */
    private int readFrame(ByteArrayOutputStream payload) throws IOException {
      RawWsClient.Frame frame = RawWsClient.read(in);
      payload.writeBytes(frame.payload());
      return frame.opcode();
    }

    /** The next text frame; pongs are kept aside; a close fails the test with its code. */
    String nextText() {
      try {
        while (true) {
          ByteArrayOutputStream payload = new ByteArrayOutputStream();
          int opcode = readFrame(payload);
          if (opcode == TEXT) {
            String text = payload.toString(StandardCharsets.UTF_8);
            texts.add(text);
            return text;
          }
          if (opcode == PONG) {
            pongs.add(payload.toString(StandardCharsets.UTF_8));
          } else if (opcode == CLOSE) {
            throw new AssertionError("closed with " + closeCode(payload.toByteArray()) + "; frames before: " + texts);
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no frame within " + READ_TIMEOUT_MILLIS + " ms; frames so far: " + texts, e);
      } catch (IOException e) {
        throw new AssertionError("connection ended without a close frame; frames so far: " + texts, e);
      }
    }

    JsonObject json() {
      return new JsonObject(nextText());
    }

    /** Frames up to and including the first of one of the types. */
    List<JsonObject> until(String... types) {
      List<JsonObject> frames = new ArrayList<>();
      while (true) {
        JsonObject frame = json();
        frames.add(frame);
        if (Arrays.asList(types).contains(frame.getString("type"))) {
          return frames;
        }
      }
    }

    /** Sends a JSON ping and returns what arrived before its pong. */
    List<JsonObject> drain() {
      text("{\"type\":\"ping\"}");
      List<JsonObject> before = new ArrayList<>();
      for (JsonObject frame = json(); !"pong".equals(frame.getString("type")); frame = json()) {
        before.add(frame);
      }
      return before;
    }

    /** The server's next text frame ({@code text <frame>}) or its close ({@code close <code>}, -1 without a close frame). */
    String firstAnswer() {
      try {
        while (true) {
          ByteArrayOutputStream payload = new ByteArrayOutputStream();
          int opcode = readFrame(payload);
          if (opcode == TEXT) {
            return "text " + payload.toString(StandardCharsets.UTF_8);
          }
          if (opcode == CLOSE) {
            return "close " + closeCode(payload.toByteArray());
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within " + READ_TIMEOUT_MILLIS + " ms", e);
      } catch (EOFException | SocketException e) {
        return "close -1";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads until the server's close frame: its code, or -1 when the connection ended without one. */
    int closeCode() {
      try {
        while (true) {
          ByteArrayOutputStream payload = new ByteArrayOutputStream();
          int opcode = readFrame(payload);
          if (opcode == TEXT) {
            texts.add(payload.toString(StandardCharsets.UTF_8));
          } else if (opcode == CLOSE) {
            lastCloseCode = closeCode(payload.toByteArray());
            return lastCloseCode;
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("not closed within " + READ_TIMEOUT_MILLIS + " ms; frames so far: " + texts, e);
      } catch (EOFException | SocketException e) {
        lastCloseCode = -1;
        return -1;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads pongs until nothing comes for a second or the server closes; the pong payload bytes read. */
    long countPongBytesUntilQuietOrClosed() throws IOException {
      socket.setSoTimeout(1_000);
      long bytes = 0;
      try {
        while (true) {
          ByteArrayOutputStream payload = new ByteArrayOutputStream();
          int opcode = readFrame(payload);
          if (opcode == PONG) {
            bytes += payload.size();
          } else if (opcode == CLOSE) {
            lastCloseCode = closeCode(payload.toByteArray());
            return bytes;
          }
        }
      } catch (SocketTimeoutException quiet) {
        lastCloseCode = 0;
        return bytes;
      } catch (EOFException | SocketException ended) {
        lastCloseCode = -1;
        return bytes;
      }
    }

    int lastCloseCode() {
      return lastCloseCode;
    }

    private static int closeCode(byte[] payload) {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    List<String> texts() {
      return texts;
    }

    List<String> pongs() {
      return pongs;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
