/**
 * OpenAI-compatible {@code /audio/speech}: one request per piece ({@code SpeechRequest}), each a
 * {@code PieceInFlight} with its watchdog, the body decoded as it streams ({@code SpeechDecoder}, {@code WavHeader})
 * by {@code OpenAiSpeechStream}.
 */
package dev.realtime.tts.openai;
