package io.herald.sockets;

import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SockJS's HTTP transports relayed from one sockets instance to the one serving them: a poll is answered when the
 * heartbeat comes, a stream carries nothing but heartbeats for as long as the client keeps it, so the relay allows a
 * heartbeat's silence on top of its own timeout. Here the relay timeout is shorter than the heartbeat.
 */
class SockJsRelayTest {

  private static final int INSTANCES = 3;
  private static final long HEARTBEAT_MILLIS = 1_500;
  private static final long RELAY_TIMEOUT_MILLIS = 1_000;

  private static OwnNode node;
  private HttpClientAgent client;

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.SOCKETS_INSTANCES.key(), INSTANCES)
      .put(Settings.WS_PING_INTERVAL_MS.key(), HEARTBEAT_MILLIS)
      .put(Settings.RELAY_TIMEOUT_MS.key(), RELAY_TIMEOUT_MILLIS)
      .put(Settings.WS_AUTH_TIMEOUT_MS.key(), 60_000));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  /** Each session's second poll has nothing to wait for but the heartbeat, longer than the relay timeout. */
  @Test
  void aPollIsAnsweredByTheHeartbeatOnEveryInstance() {
    client = node.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(false));
    List<Future<String>> polls = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      String session = session();
      polls.add(poll(session).compose(opened -> {
        assertThat(opened).isEqualTo("o\n");
        return poll(session);
      }));
    }
    for (Future<String> poll : polls) {
      assertThat(Await.await(poll)).isEqualTo("h\n");
    }
  }

  /** A stream open for more than two heartbeats, each longer than the relay timeout, is still open and got them. */
  @ParameterizedTest
  @ValueSource(strings = {"xhr_streaming", "eventsource"})
  void aStreamLivesOnHeartbeatsOnEveryInstance(String transport) throws InterruptedException {
    client = node.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(false));
    HttpMethod method = transport.equals("eventsource") ? HttpMethod.GET : HttpMethod.POST;
    List<StringBuffer> texts = new ArrayList<>();
    List<Promise<Void>> ends = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      StringBuffer text = new StringBuffer();
      Promise<Void> ended = Promise.promise();
      texts.add(text);
      ends.add(ended);
      Await.await(client.request(method, node.port(), "127.0.0.1", session() + transport)
        .compose(request -> request.send())
        .onSuccess(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          response.handler(chunk -> text.append(chunk.toString()));
          response.endHandler(end -> ended.tryComplete());
          response.exceptionHandler(ended::tryFail);
        }));
    }

    Thread.sleep(HEARTBEAT_MILLIS * 5 / 2);

    for (int i = 0; i < INSTANCES; i++) {
      assertThat(ends.get(i).future().isComplete()).as("stream %d ended", i).isFalse();
      long heartbeats = Arrays.stream(texts.get(i).toString().split("\n"))
        .map(line -> line.strip().replaceFirst("^data: ", "")).filter("h"::equals).count();
      assertThat(heartbeats).as("heartbeats on stream %d", i).isGreaterThanOrEqualTo(2);
    }
  }

  private Future<String> poll(String session) {
    return client.request(HttpMethod.POST, node.port(), "127.0.0.1", session + "xhr")
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> {
        assertThat(response.statusCode()).as(body.toString()).isEqualTo(200);
        return body.toString();
      }));
  }

  private static String session() {
    return "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }
}
