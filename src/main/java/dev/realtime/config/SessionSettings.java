package dev.realtime.config;

import java.time.Duration;

/**
 * Per-session defaults and limits.
 *
 * @param instructions    default instructions of a new session
 * @param voice           default voice of a new session
 * @param maxMessageBytes largest client message (fragments reassembled); larger closes with 1009
 * @param outboxCapacity  server events that may wait for a slow client before the connection is dropped
 * @param contextMaxItems conversation items sent to the model at most (oldest dropped first)
 * @param contextMaxChars characters of conversation text sent to the model at most (oldest dropped first)
 * @param pingInterval    how often the server pings a quiet client (keeps idle timers from dropping it); a client
 *                        silent for two intervals is taken for gone and its connection closed
 * @param writeTimeout    longest one send to a client may block (it is not reading) before its socket is aborted
 * @param sessionLifetime how long a session lives ({@code expires_at})
 * @param maxCallDuration a session is closed after this long (an {@code error} event first)
 * @param maxIdleDuration a session with no client event for this long is closed (an {@code error} event first)
 * @param turnDetection   turn detection of a new session
 * @param storage         what a session may store (items, conversation, input audio buffer)
 */
public record SessionSettings(String instructions,
                              String voice,
                              int maxMessageBytes,
                              int outboxCapacity,
                              int contextMaxItems,
                              int contextMaxChars,
                              Duration pingInterval,
                              Duration writeTimeout,
                              Duration sessionLifetime,
                              Duration maxCallDuration,
                              Duration maxIdleDuration,
                              TurnDefaults turnDetection,
                              StorageLimits storage) {
}
