package io.herald.sockets;

import io.herald.auth.Identity;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * What the bridge knows of one SockJS session: the client address it counts against, who it is (fixed by its first
 * accepted token; a later token may only extend it), and how many bytes written to it are not yet on the wire.
 */
final class BridgeSocket {

  private final SockJSSocket socket;
  private final String address;
  private final long openedAt;
  private SocketAuth.Grant grant;
  private boolean ended;
  private long queuedBytes;

  BridgeSocket(SockJSSocket socket, String address, long openedAt) {
    this.socket = socket;
    this.address = address;
    this.openedAt = openedAt;
  }

  SockJSSocket socket() {
    return socket;
  }

  String address() {
    return address;
  }

  long openedAt() {
    return openedAt;
  }

  /** The identity fixed at the first authentication, or null before it. */
  Identity identity() {
    return grant == null ? null : grant.identity();
  }

  /** The grant it acts with, or null before authentication and once the session is being closed. */
  SocketAuth.Grant grant() {
    return ended ? null : grant;
  }

  /** True when a token for this identity may authenticate the session (its first, or a refresh of the same user and role). */
  boolean accepts(Identity candidate) {
    return grant == null || grant.identity().userId() == candidate.userId() && grant.identity().role() == candidate.role();
  }

  void authenticated(SocketAuth.Grant fresh) {
    grant = fresh;
  }

  boolean ended() {
    return ended;
  }

  /** Marks the session as closing; false when it already was. */
  boolean end() {
    boolean wasOpen = !ended;
    ended = true;
    return wasOpen;
  }

  long queuedBytes() {
    return queuedBytes;
  }

  /** Writes and counts the bytes until the transport has sent them (SockJS's own counter resets on hand-off). */
  void write(String text) {
    int size = text.length();
    queuedBytes += size;
    socket.write(text).onComplete(sent -> queuedBytes -= size);
  }
}
