package io.herald.sockets;

/** How a client is connected, as reported in the stats. */
enum Transport {
  WEBSOCKET, SOCKJS;

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
