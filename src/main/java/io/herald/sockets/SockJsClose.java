package io.herald.sockets;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Closes a SockJS session with Herald's close code. vertx-web 5.0.12 has no public way to: {@code SockJSSession}
 * (every SockJS transport but raw WebSocket) does not override {@link SockJSSocket#close(int, String)}, whose
 * interface default calls {@code close()}, and the session then always writes {@code c[3000,"Go away!"]} (private
 * {@code SockJSSession.writeClosed}). So this writes the SockJS close frame {@code c[code,"reason"]} itself through
 * the session's current transport listener (its private {@code listener} field), then closes the session; SockJS
 * clients act on the first close frame and ignore vertx-web's 3000 after it. Where that cannot be done (an xhr-polling
 * client between two polls has no listener; a vertx-web whose internals changed) the session closes with 3000.
 * See docs/sockets.md, "SockJS close codes"; {@code DashboardAndBridgeTest} pins it.
 */
final class SockJsClose {

  private static final Logger LOG = LoggerFactory.getLogger(SockJsClose.class);
  private static final String IMPL = "io.vertx.ext.web.handler.sockjs.impl.";
  private static final Internals INTERNALS = Internals.find();

  private SockJsClose() {
  }

  static void close(SockJSSocket socket, int code, String reason) {
    if (INTERNALS == null || !INTERNALS.session().isInstance(socket)) {
      socket.close(code, reason);
      return;
    }
    Context transport = INTERNALS.context(socket);
    if (transport == null || transport == Vertx.currentContext()) {
      closeWithFrame(socket, code, reason);
    } else {
      transport.runOnContext(v -> closeWithFrame(socket, code, reason));
    }
  }

  private static void closeWithFrame(SockJSSocket socket, int code, String reason) {
    INTERNALS.sendFrame(socket, "c" + new JsonArray().add(code).add(reason).encode());
    socket.close();
  }

  private record Internals(Class<?> session, Field listener, Method sendFrame, Method context) {

    static Internals find() {
      try {
        Class<?> session = Class.forName(IMPL + "SockJSSession");
        Field listener = session.getDeclaredField("listener");
        Method sendFrame = Class.forName(IMPL + "TransportListener").getMethod("sendFrame", String.class);
        Method context = session.getDeclaredMethod("context");
        listener.setAccessible(true);
        sendFrame.setAccessible(true);
        context.setAccessible(true);
        return new Internals(session, listener, sendFrame, context);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.warn("SockJS sessions will close with 3000 instead of Herald's close codes: {}", e.toString());
        return null;
      }
    }

    Context context(SockJSSocket socket) {
      try {
        return (Context) context.invoke(socket);
      } catch (ReflectiveOperationException e) {
        return null;
      }
    }

    void sendFrame(SockJSSocket socket, String frame) {
      try {
        Object current = listener.get(socket);
        if (current != null) {
          sendFrame.invoke(current, frame);
        }
      } catch (ReflectiveOperationException e) {
        LOG.debug("Could not write the SockJS close frame {}: {}", frame, e.toString());
      }
    }
  }
}
