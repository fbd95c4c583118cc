package io.herald.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP peer on 127.0.0.1 that answers every {@code RCPT TO} with one chosen reply (e.g. {@code 550 5.1.1
 * No such user} or {@code 451 4.3.0 Try again later}) and counts them. Only for the reply codes GreenMail cannot
 * give on demand; every other mail test talks to GreenMail.
 */
public final class FakeSmtpPeer implements AutoCloseable {

  private final ServerSocket server;
  private final String rcptReply;
  private final AtomicInteger recipients = new AtomicInteger();
  private final Thread acceptor;

  public FakeSmtpPeer(String rcptReply) {
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.rcptReply = rcptReply;
    this.acceptor = new Thread(this::accept, "fake-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** How many RCPT TO commands it has answered. */
  public int recipients() {
    return recipients.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread session = new Thread(() -> converse(socket), "fake-smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void converse(Socket socket) {
    try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
      OutputStream out = socket.getOutputStream();
      reply(out, "220 fake.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
        switch (command) {
          case "EHLO", "HELO" -> reply(out, "250 fake.test");
          case "RCPT" -> {
            recipients.incrementAndGet();
            reply(out, rcptReply);
          }
          case "DATA" -> {
            reply(out, "354 go ahead");
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the message itself is not kept
            }
            reply(out, "250 accepted");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 OK");
        }
      }
    } catch (IOException e) {
      // the client hung up
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
