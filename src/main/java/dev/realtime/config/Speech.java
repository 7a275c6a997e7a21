package dev.realtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds the speech sections (STT with the VAD model, TTS). Pure. */
final class Speech {
    private static final List<String> STT = List.of("deepgram", "openai-compatible", "local", SttConfig.NONE);
    private static final List<String> TTS = List.of("deepgram", "openai-compatible", "local", TtsConfig.NONE);
    private static final List<String> WS_OR_HTTP = List.of("ws", "wss", "http", "https");
    private static final String OPENAI = "https://api.openai.com/v1";

    private Speech() {
    }

    static SttConfig stt(EnvValues v) {
        String provider = v.oneOf("STT_PROVIDER", v.text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local",
                                  STT);
        URI baseUrl = v.uri("STT_BASE_URL", OPENAI, List.of("http", "https"));
        Optional<String> key = hostedKey(v, "STT_API_KEY", baseUrl);
        if ("deepgram".equals(provider) && v.text("DEEPGRAM_API_KEY").isEmpty()) {
            v.missingKey("DEEPGRAM_API_KEY", "stt.provider 'deepgram'");
        }
        if ("openai-compatible".equals(provider) && key.isEmpty() && hosted(baseUrl)) {
            v.missingKey("STT_API_KEY", "stt.provider 'openai-compatible' at " + baseUrl + " (OPENAI_API_KEY "
                    + "also serves)");
        }
        return new SttConfig(provider, v.text("DEEPGRAM_API_KEY"),
                             v.uri("DEEPGRAM_BASE_URL", "wss://api.deepgram.com", WS_OR_HTTP),
                             v.text("DEEPGRAM_STT_MODEL").orElse("nova-3"),
                             v.text("DEEPGRAM_STT_LANGUAGE").orElse("en-US"),
                             baseUrl,
                             key,
                             v.text("STT_MODEL").orElse("whisper-1"),
                             v.oneOf("VAD_PROVIDER", "silero", List.of("silero", SttConfig.ENERGY_VAD)),
                             Path.of(v.text("SILERO_MODEL_PATH").orElse("models/silero/silero_vad.onnx")),
                             Duration.ofMillis(v.integer("STT_TIMEOUT_MS", 15_000, 2_000, 600_000)),
                             Duration.ofMillis(v.integer("STT_IDLE_TIMEOUT_MS", 5_000, 500, 600_000)));
    }

    static TtsConfig tts(EnvValues v) {
        String provider = v.oneOf("TTS_PROVIDER", v.text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local",
                                  TTS);
        URI baseUrl = v.uri("TTS_BASE_URL", OPENAI, List.of("http", "https"));
        Optional<String> key = hostedKey(v, "TTS_API_KEY", baseUrl);
        if ("deepgram".equals(provider) && v.text("DEEPGRAM_API_KEY").isEmpty()) {
            v.missingKey("DEEPGRAM_API_KEY", "tts.provider 'deepgram'");
        }
        if ("openai-compatible".equals(provider) && key.isEmpty() && hosted(baseUrl)) {
            v.missingKey("TTS_API_KEY", "tts.provider 'openai-compatible' at " + baseUrl + " (OPENAI_API_KEY "
                    + "also serves)");
        }
        String model = v.text("DEEPGRAM_TTS_MODEL").orElse("aura-2-thalia-en");
        if (!model.startsWith("aura-")) {
            v.problem("DEEPGRAM_TTS_MODEL", "'" + model + "' is not an Aura voice such as aura-2-thalia-en");
        }
        Optional<Integer> old = oldTtsTimeout(v);
        URI deepgram = v.uri("DEEPGRAM_TTS_BASE_URL", v.text("DEEPGRAM_BASE_URL").orElse("wss://api.deepgram.com"),
                             WS_OR_HTTP);
        return new TtsConfig(provider, v.text("DEEPGRAM_API_KEY"), deepgram, model, baseUrl, key,
                             v.text("TTS_MODEL").orElse("gpt-4o-mini-tts"), v.text("TTS_VOICE").orElse("alloy"),
                             Duration.ofMillis(v.integer("TTS_FIRST_BYTE_TIMEOUT_MS", old.orElse(10_000), 500,
                                                         600_000)),
                             Duration.ofMillis(v.integer("TTS_IDLE_TIMEOUT_MS", old.orElse(5_000), 200, 600_000)));
    }

    /**
     * TTS_TIMEOUT_MS ({@code tts.timeout_ms}), the one wait of earlier versions: still the default of the first-byte
     * and idle waits where they are not set, with a warning naming them.
     */
    private static Optional<Integer> oldTtsTimeout(EnvValues v) {
        if (v.text("TTS_TIMEOUT_MS").isEmpty()) {
            return Optional.empty();
        }
        v.warning("TTS_TIMEOUT_MS", "is the old name of TTS_FIRST_BYTE_TIMEOUT_MS and TTS_IDLE_TIMEOUT_MS "
                + "(tts.first_byte_timeout_ms, tts.idle_timeout_ms); it sets both where they are not set");
        return Optional.of(v.integer("TTS_TIMEOUT_MS", 10_000, 500, 600_000));
    }

    /** Whether the URL is OpenAI's own service, which refuses calls without a key. */
    private static boolean hosted(URI baseUrl) {
        return "api.openai.com".equalsIgnoreCase(baseUrl.getHost());
    }

    /** The stage's own key; at OpenAI's own service the LLM's OPENAI_API_KEY serves as well. */
    private static Optional<String> hostedKey(EnvValues v, String name, URI baseUrl) {
        return v.text(name).or(() -> hosted(baseUrl) ? v.text("OPENAI_API_KEY") : Optional.empty());
    }
}
