package io.herald.support;

/** The SockJS transports a browser falls back through, by the path segment SockJS gives each. */
public enum SockJsTransport {
  WEBSOCKET("websocket"),
  XHR_STREAMING("xhr_streaming"),
  EVENTSOURCE("eventsource"),
  XHR_POLLING("xhr");

  private final String path;

  SockJsTransport(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }
}
