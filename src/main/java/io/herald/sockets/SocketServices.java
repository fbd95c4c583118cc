package io.herald.sockets;

import io.herald.metrics.SocketMeters;

/** What every socket of one sockets-verticle instance uses, whatever its transport. */
record SocketServices(SocketSettings settings, SocketAuth auth, SocketLimits limits, Inbox inbox, SocketMeters meters) {
}
