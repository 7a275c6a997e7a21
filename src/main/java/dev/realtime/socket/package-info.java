/**
 * The server side of the engine's client WebSockets, below the sessions: the upgrade, frames, message assembly,
 * the close handshake and the end of a connection. It knows nothing of sessions; {@code session} builds on it
 * through {@link dev.realtime.socket.EndpointListener} and {@link dev.realtime.socket.ClientSocket}.
 */
package dev.realtime.socket;
