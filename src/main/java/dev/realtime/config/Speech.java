package dev.realtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Binds the speech sections (STT with the VAD model, TTS). Pure. */
final class Speech {
    private static final List<String> STT = List.of("deepgram", "openai-compatible", "local", SttConfig.NONE);
    private static final List<String> TTS = List.of("deepgram", "openai-compatible", "local", TtsConfig.NONE);
    private static final List<String> WS_OR_HTTP = List.of("ws", "wss", "http", "https");

    private Speech() {
    }

    static SttConfig stt(EnvValues v) {
        String provider = v.oneOf("STT_PROVIDER", v.text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local",
                                  STT);
        if ("deepgram".equals(provider) && v.text("DEEPGRAM_API_KEY").isEmpty()) {
            v.warning("STT_PROVIDER", "deepgram is chosen but DEEPGRAM_API_KEY is not set: transcription will fail");
        }
        return new SttConfig(provider, v.text("DEEPGRAM_API_KEY"),
                             v.uri("DEEPGRAM_BASE_URL", "wss://api.deepgram.com", WS_OR_HTTP),
                             v.text("DEEPGRAM_STT_MODEL").orElse("nova-3"),
                             v.text("DEEPGRAM_STT_LANGUAGE").orElse("en-US"),
                             v.uri("STT_BASE_URL", "https://api.openai.com/v1", List.of("http", "https")),
                             v.text("STT_API_KEY"),
                             v.text("STT_MODEL").orElse("whisper-1"),
                             Path.of(v.text("SILERO_MODEL_PATH").orElse("models/silero/silero_vad.onnx")),
                             Duration.ofMillis(v.integer("STT_TIMEOUT_MS", 15_000, 2_000, 600_000)));
    }

    static TtsConfig tts(EnvValues v) {
        String provider = v.oneOf("TTS_PROVIDER", v.text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local",
                                  TTS);
        if ("deepgram".equals(provider) && v.text("DEEPGRAM_API_KEY").isEmpty()) {
            v.warning("TTS_PROVIDER", "deepgram is chosen but DEEPGRAM_API_KEY is not set: speech will fail");
        }
        URI deepgram = v.uri("DEEPGRAM_TTS_BASE_URL", v.text("DEEPGRAM_BASE_URL").orElse("wss://api.deepgram.com"),
                             WS_OR_HTTP);
        return new TtsConfig(provider, v.text("DEEPGRAM_API_KEY"), deepgram,
                             v.text("DEEPGRAM_TTS_MODEL").orElse("aura-2-thalia-en"),
                             v.uri("TTS_BASE_URL", "https://api.openai.com/v1", List.of("http", "https")),
                             v.text("TTS_API_KEY"),
                             v.text("TTS_MODEL").orElse("gpt-4o-mini-tts"), v.text("TTS_VOICE").orElse("alloy"),
                             Duration.ofMillis(v.integer("TTS_TIMEOUT_MS", 10_000, 500, 600_000)));
    }
}
