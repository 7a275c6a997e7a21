/**
 * Offline transcription with pocketsphinx through the FFM API ({@code PsNative}, {@code PocketSphinx}):
 * decoders pooled across sessions ({@code DecoderPool}, {@code DecoderSlots}), each session's
 * {@code LocalSttStream} keeping its turn in {@code TurnSamples}.
 */
package dev.realtime.stt.local;
