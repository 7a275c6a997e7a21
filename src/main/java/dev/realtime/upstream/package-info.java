/**
 * What every call to a provider shares: the one HTTP client factory ({@code UpstreamHttp}: HTTP/1.1 on
 * cleartext, one client per provider kind), endpoint joins ({@code Endpoints}), error bodies ({@code ErrorBody}),
 * the JDK WebSocket listener and handshake ({@code WebSockets}), the watchdog timer of streaming bodies
 * ({@code Watchdogs}), and how a failure is described, classified and reported once ({@code Causes},
 * {@code FailureKind}, {@code Fault}, {@code UpstreamFailure}: one WARNING and a counter per failure).
 */
package dev.realtime.upstream;
