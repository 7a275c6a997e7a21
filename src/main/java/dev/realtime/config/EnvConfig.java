package dev.realtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link EngineConfig} from environment variables (the first configuration layer). Pure: takes the
 * variables as a map so tests can pass their own.
 */
public final class EnvConfig {
    private static final List<String> PROVIDERS = List.of("groq", "openrouter", "openai", "openai-compatible",
                                                          LlmConfig.OFFLINE);
    private static final String DEFAULT_INSTRUCTIONS = "You are a helpful voice assistant. Answer briefly and "
            + "conversationally, in plain sentences without markdown.";

    private final Map<String, String> env;

    private EnvConfig(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Reads the configuration.
     *
     * @param env environment variables
     * @return configuration
     * @throws ConfigException naming the variable that is wrong
     */
    public static EngineConfig load(Map<String, String> env) {
        return new EnvConfig(env).load();
    }

    private EngineConfig load() {
        SessionSettings session = new SessionSettings(
                text("DEFAULT_INSTRUCTIONS").orElse(DEFAULT_INSTRUCTIONS),
                text("DEFAULT_VOICE").orElse("marin"),
                integer("MAX_MESSAGE_BYTES", 16 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                integer("OUTBOX_CAPACITY", 4096, 16, 1_000_000),
                integer("CONTEXT_MAX_ITEMS", 50, 1, 10_000),
                integer("CONTEXT_MAX_CHARS", 48_000, 100, 10_000_000),
                millis("WS_PING_INTERVAL_MS", 20_000),
                Duration.ofMinutes(integer("SESSION_LIFETIME_MINUTES", 60, 1, 24 * 60)));
        return new EngineConfig(
                text("HOST").orElse("0.0.0.0"),
                integer("PORT", 8787, 0, 65535),
                Path.of(text("DATA_DIR").orElse("./data")),
                text("ENGINE_API_KEY"),
                text("JWT_SECRET"),
                llm(),
                stt(),
                tts(),
                session,
                Duration.ofSeconds(integer("TOKEN_TTL_SECONDS", 300, 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(integer("TOKEN_MAX_TTL_SECONDS", 3600, 1, Integer.MAX_VALUE)),
                text("PUBLIC_WS_URL"),
                idleTimeout(session));
    }

    private Duration idleTimeout(SessionSettings session) {
        Duration idle = millis("HTTP_IDLE_TIMEOUT_MS", 300_000);
        if (session.pingInterval().compareTo(idle) >= 0) {
            throw new ConfigException("WS_PING_INTERVAL_MS must be shorter than HTTP_IDLE_TIMEOUT_MS, or quiet "
                                              + "clients are dropped by the idle timer");
        }
        return idle;
    }

    private LlmConfig llm() {
        String provider = text("LLM_PROVIDER").map(String::toLowerCase).orElseGet(this::detectProvider);
        if (!PROVIDERS.contains(provider)) {
            throw new ConfigException("LLM_PROVIDER='" + provider + "' is not one of " + PROVIDERS);
        }
        String prefix = provider.toUpperCase().replace('-', '_');
        Optional<String> key = LlmConfig.OFFLINE.equals(provider) ? Optional.empty() : text(prefix + "_API_KEY");
        if (key.isEmpty() && List.of("groq", "openrouter", "openai").contains(provider)) {
            throw new ConfigException("LLM_PROVIDER=" + provider + " needs " + prefix + "_API_KEY");
        }
        String defaultUrl = switch (provider) {
            case "groq" -> "https://api.groq.com/openai/v1";
            case "openrouter" -> "https://openrouter.ai/api/v1";
            case "openai" -> "https://api.openai.com/v1";
            default -> "http://127.0.0.1:11434/v1";
        };
        String defaultModel = switch (provider) {
            case "groq", "openrouter" -> "openai/gpt-oss-20b";
            case "openai" -> "gpt-4o-mini";
            case "openai-compatible" -> "llama3.2";
            default -> "offline";
        };
        URI baseUrl = uri(prefix + "_BASE_URL", defaultUrl);
        String field = text("LLM_MAX_TOKENS_FIELD").orElse("max_completion_tokens");
        if (!field.equals("max_completion_tokens") && !field.equals("max_tokens")) {
            throw new ConfigException("LLM_MAX_TOKENS_FIELD must be max_completion_tokens or max_tokens");
        }
        return new LlmConfig(provider, baseUrl, key,
                             LlmConfig.OFFLINE.equals(provider) ? defaultModel
                                     : text(prefix + "_MODEL").orElse(defaultModel),
                             millis("LLM_FIRST_BYTE_TIMEOUT_MS", 30_000),
                             millis("LLM_IDLE_TIMEOUT_MS", 30_000),
                             integer("LLM_MAX_RETRIES", 2, 0, 10),
                             millis("LLM_RETRY_MAX_WAIT_MS", 2_000),
                             field);
    }

    private SttConfig stt() {
        String provider = text("STT_PROVIDER").map(String::toLowerCase)
                .orElse(text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local");
        if (!List.of("deepgram", "openai-compatible", "local", SttConfig.NONE).contains(provider)) {
            throw new ConfigException("STT_PROVIDER='" + provider
                                              + "' is not one of deepgram, openai-compatible, local, none");
        }
        if ("deepgram".equals(provider) && text("DEEPGRAM_API_KEY").isEmpty()) {
            throw new ConfigException("STT_PROVIDER=deepgram needs DEEPGRAM_API_KEY");
        }
        URI deepgram = URI.create(text("DEEPGRAM_BASE_URL").orElse("wss://api.deepgram.com"));
        if (!List.of("ws", "wss", "http", "https").contains(String.valueOf(deepgram.getScheme()))) {
            throw new ConfigException("DEEPGRAM_BASE_URL must be a ws, wss, http or https URL");
        }
        return new SttConfig(provider, text("DEEPGRAM_API_KEY"), deepgram,
                             text("DEEPGRAM_STT_MODEL").orElse("nova-3"),
                             text("DEEPGRAM_STT_LANGUAGE").orElse("en-US"),
                             uri("STT_BASE_URL", "https://api.openai.com/v1"), text("STT_API_KEY"),
                             text("STT_MODEL").orElse("whisper-1"),
                             Path.of(text("SILERO_MODEL_PATH").orElse("models/silero/silero_vad.onnx")));
    }

    private TtsConfig tts() {
        String provider = text("TTS_PROVIDER").map(String::toLowerCase)
                .orElse(text("DEEPGRAM_API_KEY").isPresent() ? "deepgram" : "local");
        if (!List.of("deepgram", "openai-compatible", "local", TtsConfig.NONE).contains(provider)) {
            throw new ConfigException("TTS_PROVIDER='" + provider
                                              + "' is not one of deepgram, openai-compatible, local, none");
        }
        if ("deepgram".equals(provider) && text("DEEPGRAM_API_KEY").isEmpty()) {
            throw new ConfigException("TTS_PROVIDER=deepgram needs DEEPGRAM_API_KEY");
        }
        return new TtsConfig(provider, text("DEEPGRAM_API_KEY"),
                             URI.create(text("DEEPGRAM_TTS_BASE_URL").or(() -> text("DEEPGRAM_BASE_URL"))
                                                .orElse("wss://api.deepgram.com")),
                             text("DEEPGRAM_TTS_MODEL").orElse("aura-2-thalia-en"),
                             uri("TTS_BASE_URL", "https://api.openai.com/v1"), text("TTS_API_KEY"),
                             text("TTS_MODEL").orElse("gpt-4o-mini-tts"), text("TTS_VOICE").orElse("alloy"));
    }

    private String detectProvider() {
        for (String provider : List.of("groq", "openrouter", "openai")) {
            if (text(provider.toUpperCase() + "_API_KEY").isPresent()) {
                return provider;
            }
        }
        return LlmConfig.OFFLINE;
    }

    private Optional<String> text(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(value.get());
            if (v < min || v > max) {
                throw new ConfigException(name + "=" + v + " is outside " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + value.get() + "' is not a whole number");
        }
    }

    private Duration millis(String name, int defaultMillis) {
        return Duration.ofMillis(integer(name, defaultMillis, 1, Integer.MAX_VALUE));
    }

    private URI uri(String name, String defaultValue) {
        String value = text(name).orElse(defaultValue);
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigException(name + "='" + value + "' must be an http or https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "='" + value + "' is not a URL: " + e.getMessage());
        }
    }
}
