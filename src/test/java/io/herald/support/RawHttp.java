package io.herald.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HTTP spoken byte by byte over a plain TCP socket to 127.0.0.1, the way an attacker's script would. */
public final class RawHttp {

  /** A login that announces a 1000-byte body and sends six bytes of it. */
  public static final String UNFINISHED_LOGIN = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"user";

  private RawHttp() {
  }

  /** What the server said, and whether it closed the connection (rather than going quiet) afterwards. */
  public record Answer(String text, boolean closed) {
  }

  /** Sends {@code request} as written and returns everything the server sent until it closed or went quiet for {@code quietMillis}. */
  public static String exchange(int port, String request, int quietMillis) {
    return send(port, request, quietMillis).text();
  }

  /** Like {@link #exchange}, telling also whether the server closed the connection within {@code quietMillis} of its last byte. */
  public static Answer send(int port, String request, int quietMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(quietMillis);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return readUntilQuiet(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code count} connections that each send {@code request} (often a part of one) and then wait. */
  public static List<Socket> open(int port, int count, String request) {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        sockets.add(socket);
      }
    } catch (IOException e) {
      closeAll(sockets);
      throw new UncheckedIOException(e);
    }
    return sockets;
  }

  public static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Answer readUntilQuiet(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    boolean closed = true;
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        received.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException quiet) {
      closed = false;
    } catch (IOException reset) {
      // a reset is a close too
    }
    return new Answer(received.toString(StandardCharsets.UTF_8), closed);
  }
}
