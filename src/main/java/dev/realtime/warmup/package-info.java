/**
 * The training run of the AOT cache ({@code engine warm-up}, started by {@code WarmUp}): {@code ProviderResponder}
 * answers the engine's LLM, STT and TTS calls on 127.0.0.1 in the real providers' wire formats, and
 * {@code WarmUpDriver} runs clients that play {@code WarmUpSession}'s script over the engine's WebSocket
 * ({@code WarmUpSocket}) with {@code WarmUpAudio}'s microphone, counted in {@code WarmUpTally} and reported as a
 * {@code WarmUpReport}. In the engine jar because the AOT cache is only used when the training class path is the
 * production one or a prefix of it; loaded by the warm-up only.
 */
package dev.realtime.warmup;
