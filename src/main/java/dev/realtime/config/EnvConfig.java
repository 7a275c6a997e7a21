package dev.realtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.realtime.telephony.sip.CidrAllowList;

/**
 * Binds flat settings named like environment variables into an {@link EngineConfig}. The environment is the
 * lowest layer; the runtime YAML and API layers are flattened into the same names first ({@link ConfigKeys}), so
 * one binder checks every layer alike. Collects every problem before failing. Pure.
 */
public final class EnvConfig {
    private static final List<String> PROVIDERS = List.of("groq", "openrouter", "openai", "openai-compatible",
                                                          LlmConfig.OFFLINE);
    private static final String DEFAULT_INSTRUCTIONS = "You are a helpful voice assistant. Answer briefly and "
            + "conversationally, in plain sentences without markdown.";

    /** Hosts that only this machine reaches: the playground is on by default there. */
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "::1", "[::1]");

    private static final int DAY = 24 * 3_600_000;
    private static final int WEEK_SECONDS = 7 * 24 * 3600;

    /**
     * The default largest client message: OpenAI's own limit for one {@code input_audio_buffer.append} (15 MiB of
     * base64) with room for the event around it, so no message OpenAI takes closes the socket here; what it may add
     * to the session is bounded after it is read (input buffer, storage caps), with an error rather than a close.
     * Frame handling is linear, so the cost of a message is its bytes, not their square.
     */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final EnvValues v;

    private EnvConfig(Map<String, String> env) {
        this.v = new EnvValues(env);
    }

    /**
     * A bound configuration and what an operator should know about it.
     *
     * @param config   the configuration
     * @param warnings usable but probably not meant (a provider without its key...)
     */
    public record Bound(EngineConfig config, List<ConfigException.Problem> warnings) {
    }

    /**
     * Reads the configuration.
     *
     * @param env environment variables
     * @return configuration
     * @throws ConfigException naming every variable that is wrong
     */
    public static EngineConfig load(Map<String, String> env) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        Map<String, String> resolved = EnvAliases.resolve(env, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return bind(resolved).config();
    }

    /**
     * Reads the configuration with its warnings. Aliases ({@link EnvAliases}) must already be resolved.
     *
     * @param env settings by variable name
     * @return the configuration and its warnings
     * @throws ConfigException naming every variable that is wrong
     */
    public static Bound bind(Map<String, String> env) {
        EnvConfig binder = new EnvConfig(env);
        EngineConfig config = binder.load();
        if (!binder.v.problems().isEmpty()) {
            throw new ConfigException(binder.v.problems());
        }
        return new Bound(config, List.copyOf(binder.v.warnings()));
    }

    private EngineConfig load() {
        SttConfig stt = Speech.stt(v);
        TtsConfig tts = Speech.tts(v);
        SessionSettings session = new SessionSettings(
                v.text("DEFAULT_INSTRUCTIONS").orElse(DEFAULT_INSTRUCTIONS),
                v.text("DEFAULT_VOICE").orElse(defaultVoice(tts)),
                v.integer("MAX_MESSAGE_BYTES", MAX_MESSAGE_BYTES, 64 * 1024, 16 * 1024 * 1024),
                v.integer("OUTBOX_CAPACITY", 4096, 16, 65_536),
                v.integer("CONTEXT_MAX_ITEMS", 50, 1, 10_000),
                v.integer("CONTEXT_MAX_CHARS", 48_000, 100, 10_000_000),
                v.millis("WS_PING_INTERVAL_MS", 20_000, 100, 600_000),
                v.millis("WS_WRITE_TIMEOUT_MS", 5_000, 100, 600_000),
                Duration.ofMinutes(v.integer("SESSION_LIFETIME_MINUTES", 60, 1, 24 * 60)),
                v.millis("MAX_CALL_DURATION_MS", 30 * 60_000, 100, DAY),
                v.millis("MAX_IDLE_DURATION_MS", 10 * 60_000, 100, DAY),
                new TurnDefaults(v.oneOf("TURN_DETECTION", "server_vad",
                                         List.of("server_vad", "semantic_vad", TurnDefaults.NONE)),
                                 v.decimal("VAD_THRESHOLD", 0.5, 0.0, 1.0),
                                 v.integer("PREFIX_PADDING_MS", 300, 0, 5_000),
                                 v.integer("SILENCE_DURATION_MS", 500, 50, 10_000),
                                 v.bool("CREATE_RESPONSE", true),
                                 v.bool("INTERRUPT_RESPONSE", true)),
                storage());
        Duration idle = v.millis("HTTP_IDLE_TIMEOUT_MS", 300_000, 100, DAY);
        if (session.pingInterval().compareTo(idle) >= 0) {
            v.problem("WS_PING_INTERVAL_MS", "must be shorter than HTTP_IDLE_TIMEOUT_MS, or quiet clients are "
                    + "dropped by the idle timer");
        }
        String host = v.text("HOST").orElse("127.0.0.1");
        RedisConfig redis = RedisConfig.load(v);
        return new EngineConfig(
                host,
                v.integer("PORT", 8787, 0, 65535),
                Path.of(v.text("DATA_DIR").orElse("./data")),
                v.text("ENGINE_API_KEY"),
                v.text("JWT_SECRET"),
                llm(),
                stt,
                tts,
                session,
                tokens(),
                new EngineConfig.Edge(v.text("PUBLIC_WS_URL").map(u -> v.uri("PUBLIC_WS_URL", u, List.of("ws", "wss"))
                                              .toString()),
                                      v.origins("ALLOWED_ORIGINS"),
                                      v.bool("TRUST_PROXY_HEADERS", false),
                                      v.bool("PLAYGROUND", LOOPBACK.contains(host))),
                idle,
                v.integer("MAX_SESSIONS", 1000, 1, 100_000),
                new EngineConfig.Process(v.millis("CONFIG_POLL_INTERVAL_MS", 2_000, 10, 3_600_000),
                                         v.millis("DRAIN_TIMEOUT_MS", 30_000, 1, 3_600_000),
                                         Path.of(v.text("PRESETS_FILE").orElse("etc/presets.yaml")),
                                         v.oneOf("LOG_FORMAT", "text", List.of("text", "json"))),
                PhoneConfig.load(v),
                TwilioConfig.load(v),
                sip(host),
                redis,
                FleetSettings.load(v, redis));
    }

    /** The SIP user agent's settings, when {@code SIP_PORT} turns it on. */
    private Optional<SipSettings> sip(String host) {
        if (v.text("SIP_PORT").isEmpty()) {
            return Optional.empty();
        }
        int port = v.integer("SIP_PORT", 5060, 1, 65535);
        String range = v.text("SIP_RTP_PORTS").orElse("40000-40999").strip();
        int first = 40000;
        int last = 40999;
        if (range.matches("\\d{1,5}-\\d{1,5}")) {
            first = Integer.parseInt(range.substring(0, range.indexOf('-')));
            last = Integer.parseInt(range.substring(range.indexOf('-') + 1));
        }
        if (!range.matches("\\d{1,5}-\\d{1,5}") || first < 1024 || last > 65535 || last - first < 1) {
            v.problem("SIP_RTP_PORTS", "'" + range + "' is not a range FIRST-LAST of at least two ports within "
                    + "1024-65535");
        }
        String cidrs = v.text("SIP_ALLOWED_CIDRS").orElse(CidrAllowList.LOOPBACK);
        try {
            CidrAllowList.parse(cidrs);
        } catch (IllegalArgumentException e) {
            v.problem("SIP_ALLOWED_CIDRS", e.getMessage());
        }
        Optional<String> user = v.text("SIP_USERNAME");
        Optional<String> password = v.text("SIP_PASSWORD");
        if (user.isPresent() != password.isPresent()) {
            v.problem(user.isPresent() ? "SIP_PASSWORD" : "SIP_USERNAME",
                      "SIP_USERNAME and SIP_PASSWORD are set together (digest auth) or not at all");
        }
        String sipHost = v.text("SIP_HOST").orElse(host);
        if (List.of("0.0.0.0", "::", "[::]").contains(sipHost)) {
            v.problem(v.text("SIP_HOST").isPresent() ? "SIP_HOST" : "SIP_PORT", "SIP needs an address the callers "
                    + "reach the engine on, for its SDP and Contact: set SIP_HOST (HOST is " + host + ")");
        }
        return Optional.of(new SipSettings(sipHost, port, first, last, cidrs, user, password));
    }

    /** The voice a session gets when DEFAULT_VOICE is not set: the one its speech engine will really use. */
    private static String defaultVoice(TtsConfig tts) {
        return switch (tts.provider()) {
            case "deepgram" -> tts.deepgramModel();
            case "openai-compatible" -> tts.voice();
            default -> "marin";
        };
    }

    /**
     * Per-session storage caps. The defaults keep a session's worst case near 3.5 MB (1 MiB of conversation, 30 s
     * of PCM16 24 kHz in the buffer plus its 16 kHz copy for the transcriber), so 1,000 sessions stay under about
     * 3.5 GB even if every one is filled at once; a spoken conversation's transcripts take a few kB per minute.
     */
    private StorageLimits storage() {
        // at least 32 KiB: a server tool's answer (16 KiB at most) always fits
        int item = v.integer("MAX_ITEM_BYTES", 256 * 1024, 32 * 1024, 64 * 1024 * 1024);
        int conversation = v.integer("MAX_CONVERSATION_BYTES", 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024);
        if (item > conversation) {
            v.problem("MAX_ITEM_BYTES", item + " is larger than MAX_CONVERSATION_BYTES (" + conversation + ")");
        }
        return new StorageLimits(item, conversation, v.integer("MAX_INPUT_BUFFER_MS", 30_000, 1_000, 3_600_000));
    }

    private EngineConfig.TokenSettings tokens() {
        Duration ttl = Duration.ofSeconds(v.integer("TOKEN_TTL_SECONDS", 300, 1, WEEK_SECONDS));
        Duration max = Duration.ofSeconds(v.integer("TOKEN_MAX_TTL_SECONDS", 3600, 1, WEEK_SECONDS));
        if (ttl.compareTo(max) > 0) {
            v.problem("TOKEN_TTL_SECONDS", ttl.toSeconds() + " is longer than TOKEN_MAX_TTL_SECONDS ("
                    + max.toSeconds() + ")");
        }
        return new EngineConfig.TokenSettings(ttl, max, v.bool("TOKEN_SINGLE_USE", false));
    }

    private LlmConfig llm() {
        String provider = v.oneOf("LLM_PROVIDER", detectProvider(), PROVIDERS);
        String prefix = provider.toUpperCase().replace('-', '_');
        Optional<String> key = LlmConfig.OFFLINE.equals(provider) ? Optional.empty() : v.text(prefix + "_API_KEY");
        if (key.isEmpty() && List.of("groq", "openrouter", "openai").contains(provider)) {
            v.missingKey(prefix + "_API_KEY", "llm.provider '" + provider + "'");
        }
        String defaultUrl = defaultBaseUrl(provider);
        String defaultModel = defaultModel(provider);
        URI baseUrl = v.uri(prefix + "_BASE_URL", defaultUrl, List.of("http", "https"));
        String field = v.oneOf("LLM_MAX_TOKENS_FIELD", "max_completion_tokens",
                               List.of("max_completion_tokens", "max_tokens"));
        return new LlmConfig(provider, baseUrl, key,
                             LlmConfig.OFFLINE.equals(provider) ? defaultModel
                                     : v.text(prefix + "_MODEL").orElse(defaultModel),
                             v.millis("LLM_FIRST_BYTE_TIMEOUT_MS", 30_000, 100, 600_000),
                             v.millis("LLM_IDLE_TIMEOUT_MS", 30_000, 100, 600_000),
                             v.integer("LLM_MAX_RETRIES", 2, 0, 10),
                             v.millis("LLM_RETRY_MAX_WAIT_MS", 2_000, 1, 60_000),
                             field);
    }

    /** The base URL a language model provider has when none is set. */
    static String defaultBaseUrl(String provider) {
        return switch (provider) {
            case "groq" -> "https://api.groq.com/openai/v1";
            case "openrouter" -> "https://openrouter.ai/api/v1";
            case "openai" -> "https://api.openai.com/v1";
            default -> "http://127.0.0.1:11434/v1";
        };
    }

    /** The model a language model provider has when none is set. */
    static String defaultModel(String provider) {
        return switch (provider) {
            case "groq", "openrouter" -> "openai/gpt-oss-20b";
            case "openai" -> "gpt-4o-mini";
            case "openai-compatible" -> "llama3.2";
            default -> "offline";
        };
    }

    private String detectProvider() {
        for (String provider : List.of("groq", "openrouter", "openai")) {
            if (v.text(provider.toUpperCase() + "_API_KEY").isPresent()) {
                return provider;
            }
        }
        return LlmConfig.OFFLINE;
    }
}
