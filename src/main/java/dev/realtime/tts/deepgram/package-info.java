/**
 * Deepgram Aura-2 over its speak WebSocket: {@code DeepgramTts} opens a {@code SpeakConnection}
 * per stream (one {@code SpeakSocket} at a time, reconnected on failure), sends {@code SpeakText}, and
 * {@code SampleAssembler} turns its binary frames into samples; {@code SpeakEvent} is what the socket reports.
 */
package dev.realtime.tts.deepgram;
