package io.herald.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import io.herald.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Herald's logback.xml: readable lines by default, one JSON object per line with {@code HERALD_LOG_FORMAT=json}. */
class LogFormatTest {

  @Test
  void jsonLinesCarryTheMessageAndTheRequestId() throws Exception {
    String line = logOneLine("json");

    JsonObject json = new JsonObject(line);
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("loggerName")).isEqualTo("io.herald.example");
    assertThat(json.getString("formattedMessage")).isEqualTo("complaint 42 created");
    assertThat(json.getJsonObject("mdc").getString(RequestIds.MDC_KEY)).isEqualTo("req-1234");
  }

  @Test
  void textLinesEndInTheRequestId() throws Exception {
    String line = logOneLine(null);

    assertThat(line).contains("INFO").contains("io.herald.example - complaint 42 created [req req-1234]");
  }

  /**
   * One line logged from a Vert.x context that handles request {@code req-1234}, through a fresh copy of logback.xml,
   * written by the encoder of the appender that the format selects.
   */
  private static String logOneLine(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      context.putProperty("HERALD_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> attached = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(attached::add);
    assertThat(attached).hasSize(1);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    root.addAppender(events);
    Vertx vertx = Vertx.vertx();
    try {
      Await.await(vertx.getOrCreateContext().<Void>executeBlocking(() -> {
        RequestIds.set("req-1234");
        context.getLogger("io.herald.example").info("complaint {} created", 42);
        return null;
      }));
    } finally {
      Await.await(vertx.close());
    }
    Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) attached.get(0)).getEncoder();
    String line = new String(encoder.encode(events.list.get(0)), StandardCharsets.UTF_8).trim();
    context.stop();
    return line;
  }
}
