/**
 * Speech to text: the engine and stream interfaces ({@code SttEngine}, {@code SttStream} with its blocking
 * {@code take()}, {@code SttEvent}); adapters in {@code deepgram} (Nova-3 streaming), {@code openai}
 * ({@code /audio/transcriptions} uploads) and {@code local} (pocketsphinx).
 */
package dev.realtime.stt;
