/**
 * Text to speech: the engine and stream interfaces ({@code TtsEngine}, {@code TtsStream}, {@code AudioSink}),
 * cutting an answer into speakable pieces ({@code SentenceChunker}) and encoding audio for the client
 * ({@code OutputEncoder}); adapters in {@code deepgram} (Aura-2 over the speak WebSocket), {@code openai}
 * ({@code /audio/speech}) and {@code local} (flite, FreeTTS).
 */
package dev.realtime.tts;
