package dev.realtime.session;

import dev.realtime.config.EngineConfig;

/**
 * The configured provider name of each stage, the {@code provider} label of an upstream failure: the
 * {@code llm.provider}, {@code stt.provider} and {@code tts.provider} values ({@code groq}, {@code deepgram},
 * {@code openai-compatible}, {@code local}, ...), whatever the engine serving the stage calls itself.
 *
 * @param llm the language model's provider
 * @param stt the speech-to-text provider
 * @param tts the text-to-speech provider
 */
record ProviderNames(String llm, String stt, String tts) {

    static ProviderNames of(EngineConfig config) {
        return new ProviderNames(config.llm().provider(), config.stt().provider(), config.tts().provider());
    }
}
