package io.herald.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain TCP socket, so that a test decides when (and whether) it reads: with a
 * small receive buffer and no reads it is the slow reader a server must not buffer for without bound.
 */
public final class RawWsClient implements AutoCloseable {

  /** A frame from the server: its opcode and payload. */
  public record Frame(int opcode, byte[] payload) {
    public boolean isClose() {
      return opcode == 8;
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWsClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects with the given receive buffer and completes the upgrade; fails unless the server answers 101. */
  public static RawWsClient connect(int port, String uri, int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(receiveBufferBytes);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      RawWsClient client = new RawWsClient(socket);
      client.handshake(port, uri);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handshake(int port, String uri) throws IOException {
    out.write(("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    String status = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    if (!status.contains(" 101 ")) {
      throw new AssertionError("upgrade refused: " + status);
    }
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
    frame.put((byte) 0x81);
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i % 4]));
    }
    try {
      out.write(frame.array(), 0, frame.position());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame from the server; fails when none comes within the read timeout. */
  public Frame read() throws IOException {
    return read(in);
  }

  /** One unmasked frame as a server sends it, from any stream. */
  public static Frame read(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  /**
   * How the server ended the connection: the WebSocket close code (-1 when the connection ended without a close frame),
   * and, for a SockJS session, the code of Herald's last bridge message ({@code err} with a {@code code}), if any.
   */
  public record Closing(int code, Integer sockJsCode) {
  }

  /** Reads everything until the server's close frame or the end of the connection. */
  public Closing readUntilClose() {
    Integer sockJsCode = null;
    try {
      for (Frame frame = read(); ; frame = read()) {
        if (frame.isClose()) {
          return new Closing(frame.closeCode(), sockJsCode);
        }
        if (frame.opcode() == 1 && frame.text().startsWith("a[") && frame.text().contains("err")) {
          sockJsCode = lastWord(frame.text(), sockJsCode);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no close frame within the read timeout", e);
    } catch (IOException e) {
      return new Closing(-1, sockJsCode);
    }
  }

  private static Integer lastWord(String sockJsFrame, Integer sofar) {
    Integer code = sofar;
    for (Object item : new io.vertx.core.json.JsonArray(sockJsFrame.substring(1))) {
      io.vertx.core.json.JsonObject message = new io.vertx.core.json.JsonObject((String) item);
      if ("err".equals(message.getString("type")) && message.containsKey("code")) {
        code = message.getInteger("code");
      }
    }
    return code;
  }

  /** Resets the TCP connection without a close frame, as a dropped network or a killed browser does. */
  public void drop() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    close();
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
