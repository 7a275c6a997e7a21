/**
 * Deepgram Nova-3 over its listen WebSocket: {@code DeepgramStt} gives each session a
 * {@code DeepgramStream}, whose {@code StreamWorker} (on the session's STT loop thread) sends audio and
 * {@code Command}s over a {@code ListenSocket}, keeps the turn's audio in a {@code ResendBuffer} for a reconnect,
 * and assembles {@code ListenResult}s into transcripts ({@code Turns}, {@code Turn}, {@code TurnEvents},
 * {@code Transcript}); {@code Wire} is the JSON of the protocol.
 */
package dev.realtime.stt.deepgram;
