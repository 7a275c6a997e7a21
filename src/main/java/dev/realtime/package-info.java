/**
 * The engine's entry points and wiring. {@code Main} starts the process (serve, token, warm-up) and sets up the
 * Helidon server's routes; {@code Engine} owns what lives as long as the process (configuration store, token
 * service, timers, the providers in effect) and rebuilds the providers when the configuration changes;
 * {@code Providers}, {@code SpeechToText} and {@code TextToSpeech} build the configured engines of each kind.
 * Everything else is in a package of its own room: {@code socket} (client WebSockets), {@code session} (one
 * realtime session), {@code protocol} (the wire), {@code llm}, {@code stt}, {@code tts}, {@code vad}, {@code audio}
 * (the speech work), {@code tools}, {@code upstream} (what every provider call shares), {@code auth},
 * {@code admin}, {@code config} and {@code observe}.
 */
package dev.realtime;
