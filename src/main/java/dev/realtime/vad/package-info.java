/**
 * Voice activity and turn taking: Silero in process ({@code SileroVad}, one {@code SileroStream} per session,
 * frames at the input's noise floor skipped by its {@code NoiseFloor}, the others of all sessions batched by
 * {@code SileroBatcher} on one platform thread) or the energy fallback
 * ({@code EnergyVad}), chosen by {@code Vads}; {@code TurnDetector} turns frame scores into turn events (pure,
 * specified by its tests), with {@code SemanticSilence}, {@code IdleTimer} and {@code VoicedTail}.
 */
package dev.realtime.vad;
