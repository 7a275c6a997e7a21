package dev.realtime.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration schema's leaves: each runtime path (snake_case, as in {@code runtime.yaml} and the config API)
 * with the environment variable that sets it in the lowest layer. One table, so every layer is checked by the same
 * binder and {@code ?sources=true} can name the layer of each value. Pure.
 */
public final class ConfigKeys {
    /**
     * One setting.
     *
     * @param path    dotted path, such as {@code llm.groq.api_key}
     * @param env     the environment variable
     * @param secret  never shown, only whether it is set
     * @param envOnly fixed at startup (the listener, identity, secrets store): read-only in the API and file
     * @param effective reads the value in effect from a bound configuration (null when it does not apply, a
     *                  {@link Default} when only a default would apply)
     */
    public record Key(String path, String env, boolean secret, boolean envOnly,
                      Function<EngineConfig, Object> effective) {
        /** The value in effect, read back from a bound configuration; empty when it does not apply. */
        public Optional<Object> valueIn(EngineConfig config) {
            return secret ? Optional.empty() : Optional.ofNullable(effective.apply(config))
                    .filter(v -> !(v instanceof Default));
        }

        /** What the key would be when no layer sets it, for a key not in effect (an inactive provider's model). */
        public Optional<Object> fallbackIn(EngineConfig config) {
            return secret ? Optional.empty() : Optional.ofNullable(effective.apply(config))
                    .filter(Default.class::isInstance).map(d -> ((Default) d).value());
        }
    }

    private static final List<Key> KEYS = List.of(
            fixed("server.host", "HOST", c -> c.host()),
            fixed("server.port", "PORT", c -> c.port()),
            fixed("server.data_dir", "DATA_DIR", c -> c.dataDir().toString()),
            fixed("server.public_ws_url", "PUBLIC_WS_URL", c -> c.edge().publicWsUrl().orElse(null)),
            fixed("server.allowed_origins", "ALLOWED_ORIGINS",
                c -> c.edge().allowedOrigins().isEmpty() ? null : String.join(",", c.edge().allowedOrigins())),
            fixed("server.trust_proxy_headers", "TRUST_PROXY_HEADERS", c -> c.edge().trustProxyHeaders()),
            fixed("server.playground", "PLAYGROUND", c -> c.edge().playground()),
            fixed("sip.host", "SIP_HOST", c -> c.sip().map(SipSettings::host).orElse(null)),
            fixed("sip.port", "SIP_PORT", c -> c.sip().map(SipSettings::port).orElse(null)),
            fixed("sip.rtp_ports", "SIP_RTP_PORTS",
                c -> c.sip().map(s -> s.rtpFirstPort() + "-" + s.rtpLastPort()).orElse(null)),
            fixed("sip.allowed_cidrs", "SIP_ALLOWED_CIDRS", c -> c.sip().map(SipSettings::allowedCidrs).orElse(null)),
            fixed("sip.username", "SIP_USERNAME", c -> c.sip().flatMap(SipSettings::username).orElse(null)),
            new Key("sip.password", "SIP_PASSWORD", true, true, c -> null),
            fixed("server.http_idle_timeout_ms", "HTTP_IDLE_TIMEOUT_MS", c -> c.idleConnectionTimeout().toMillis()),
            fixed("server.config_poll_interval_ms", "CONFIG_POLL_INTERVAL_MS",
                c -> c.process().configPollInterval().toMillis()),
            fixed("server.drain_timeout_ms", "DRAIN_TIMEOUT_MS", c -> c.process().drainTimeout().toMillis()),
            fixed("server.presets_file", "PRESETS_FILE", c -> c.process().presetsFile().toString()),
            fixed("server.log_format", "LOG_FORMAT", c -> c.process().logFormat()),
            fixed("phone.routes", "PHONE_ROUTES", c -> c.phone().routes().isEmpty() ? null
                    : c.phone().routes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                            .collect(Collectors.joining(","))),
            fixed("phone.goodbye", "PHONE_GOODBYE", c -> c.phone().goodbye()),
            fixed("phone.apology", "PHONE_APOLOGY", c -> c.phone().apology()),
            new Key("twilio.auth_token", "TWILIO_AUTH_TOKEN", true, true, c -> null),
            fixed("twilio.enabled", "TWILIO_ENABLED", c -> c.twilio().enabled()),
            fixed("redis.url", "REDIS_URL", c -> c.redis().shown().orElse(null)),
            fixed("fleet.replica_id", "REPLICA_ID", c -> c.fleet().replicaId().orElse(null)),
            fixed("fleet.lease_ms", "FLEET_LEASE_MS", c -> c.fleet().leaseTime().toMillis()),
            new Key("server.engine_api_key", "ENGINE_API_KEY", true, true, c -> null),
            new Key("server.jwt_secret", "JWT_SECRET", true, true, c -> null),
            fixed("tokens.ttl_seconds", "TOKEN_TTL_SECONDS", c -> c.tokens().ttl().toSeconds()),
            fixed("tokens.max_ttl_seconds", "TOKEN_MAX_TTL_SECONDS", c -> c.tokens().maxTtl().toSeconds()),
            fixed("tokens.single_use", "TOKEN_SINGLE_USE", c -> c.tokens().singleUse()),
            key("llm.provider", "LLM_PROVIDER", c -> c.llm().provider()),
            secret("llm.groq.api_key", "GROQ_API_KEY", c -> null),
            key("llm.groq.model", "GROQ_MODEL",
                c -> llm(c, "groq", LlmConfig::model, EnvConfig::defaultModel)),
            key("llm.groq.base_url", "GROQ_BASE_URL",
                c -> llm(c, "groq", l -> l.baseUrl().toString(), EnvConfig::defaultBaseUrl)),
            secret("llm.openrouter.api_key", "OPENROUTER_API_KEY", c -> null),
            key("llm.openrouter.model", "OPENROUTER_MODEL",
                c -> llm(c, "openrouter", LlmConfig::model, EnvConfig::defaultModel)),
            key("llm.openrouter.base_url", "OPENROUTER_BASE_URL",
                c -> llm(c, "openrouter", l -> l.baseUrl().toString(), EnvConfig::defaultBaseUrl)),
            secret("llm.openai.api_key", "OPENAI_API_KEY", c -> null),
            key("llm.openai.model", "OPENAI_MODEL",
                c -> llm(c, "openai", LlmConfig::model, EnvConfig::defaultModel)),
            key("llm.openai.base_url", "OPENAI_BASE_URL",
                c -> llm(c, "openai", l -> l.baseUrl().toString(), EnvConfig::defaultBaseUrl)),
            secret("llm.openai_compatible.api_key", "OPENAI_COMPATIBLE_API_KEY", c -> null),
            key("llm.openai_compatible.model", "OPENAI_COMPATIBLE_MODEL",
                c -> llm(c, "openai-compatible", LlmConfig::model, EnvConfig::defaultModel)),
            key("llm.openai_compatible.base_url", "OPENAI_COMPATIBLE_BASE_URL",
                c -> llm(c, "openai-compatible", l -> l.baseUrl().toString(), EnvConfig::defaultBaseUrl)),
            key("llm.first_byte_timeout_ms", "LLM_FIRST_BYTE_TIMEOUT_MS", c -> c.llm().firstByteTimeout().toMillis()),
            key("llm.idle_timeout_ms", "LLM_IDLE_TIMEOUT_MS", c -> c.llm().idleTimeout().toMillis()),
            key("llm.max_retries", "LLM_MAX_RETRIES", c -> c.llm().maxRetries()),
            key("llm.retry_max_wait_ms", "LLM_RETRY_MAX_WAIT_MS", c -> c.llm().maxRetryWait().toMillis()),
            key("llm.max_tokens_field", "LLM_MAX_TOKENS_FIELD", c -> c.llm().maxTokensField()),
            secret("deepgram.api_key", "DEEPGRAM_API_KEY", c -> null),
            key("deepgram.base_url", "DEEPGRAM_BASE_URL", c -> c.stt().deepgramBaseUrl().toString()),
            key("stt.provider", "STT_PROVIDER", c -> c.stt().provider()),
            key("stt.deepgram.model", "DEEPGRAM_STT_MODEL", c -> c.stt().deepgramModel()),
            key("stt.deepgram.language", "DEEPGRAM_STT_LANGUAGE", c -> c.stt().deepgramLanguage()),
            key("stt.openai_compatible.base_url", "STT_BASE_URL", c -> c.stt().baseUrl().toString()),
            secret("stt.openai_compatible.api_key", "STT_API_KEY", c -> null),
            key("stt.openai_compatible.model", "STT_MODEL", c -> c.stt().model()),
            key("stt.timeout_ms", "STT_TIMEOUT_MS", c -> c.stt().timeout().toMillis()),
            key("stt.idle_timeout_ms", "STT_IDLE_TIMEOUT_MS", c -> c.stt().idleTimeout().toMillis()),
            key("vad.provider", "VAD_PROVIDER", c -> c.stt().vad()),
            key("vad.silero_model_path", "SILERO_MODEL_PATH", c -> c.stt().sileroModel().toString()),
            key("tts.provider", "TTS_PROVIDER", c -> c.tts().provider()),
            key("tts.deepgram.model", "DEEPGRAM_TTS_MODEL", c -> c.tts().deepgramModel()),
            key("tts.deepgram.base_url", "DEEPGRAM_TTS_BASE_URL", c -> c.tts().deepgramBaseUrl().toString()),
            key("tts.openai_compatible.base_url", "TTS_BASE_URL", c -> c.tts().baseUrl().toString()),
            secret("tts.openai_compatible.api_key", "TTS_API_KEY", c -> null),
            key("tts.openai_compatible.model", "TTS_MODEL", c -> c.tts().model()),
            key("tts.openai_compatible.voice", "TTS_VOICE", c -> c.tts().voice()),
            key("tts.first_byte_timeout_ms", "TTS_FIRST_BYTE_TIMEOUT_MS", c -> c.tts().firstByteTimeout().toMillis()),
            key("tts.idle_timeout_ms", "TTS_IDLE_TIMEOUT_MS", c -> c.tts().idleTimeout().toMillis()),
            // the old single wait: accepted (with a warning), shown as not set; the two above are in effect
            key("tts.timeout_ms", "TTS_TIMEOUT_MS", c -> null),
            key("turn_detection.type", "TURN_DETECTION", c -> c.session().turnDetection().type()),
            key("turn_detection.threshold", "VAD_THRESHOLD", c -> c.session().turnDetection().threshold()),
            key("turn_detection.prefix_padding_ms", "PREFIX_PADDING_MS",
                c -> c.session().turnDetection().prefixPaddingMs()),
            key("turn_detection.silence_duration_ms", "SILENCE_DURATION_MS",
                c -> c.session().turnDetection().silenceDurationMs()),
            key("turn_detection.create_response", "CREATE_RESPONSE", c -> c.session().turnDetection().createResponse()),
            key("turn_detection.interrupt_response", "INTERRUPT_RESPONSE",
                c -> c.session().turnDetection().interruptResponse()),
            key("voices.default_voice", "DEFAULT_VOICE", c -> c.session().voice()),
            key("voices.instructions", "DEFAULT_INSTRUCTIONS", c -> c.session().instructions()),
            key("limits.max_sessions", "MAX_SESSIONS", c -> c.maxSessions()),
            key("limits.max_sessions_total", "MAX_SESSIONS_TOTAL", c -> c.fleet().maxSessionsTotal()),
            key("limits.max_sessions_per_app", "MAX_SESSIONS_PER_APP", c -> c.fleet().maxSessionsPerApp()),
            key("limits.max_call_duration_ms", "MAX_CALL_DURATION_MS", c -> c.session().maxCallDuration().toMillis()),
            key("limits.max_idle_duration_ms", "MAX_IDLE_DURATION_MS", c -> c.session().maxIdleDuration().toMillis()),
            key("limits.max_message_bytes", "MAX_MESSAGE_BYTES", c -> c.session().maxMessageBytes()),
            key("limits.outbox_capacity", "OUTBOX_CAPACITY", c -> c.session().outboxCapacity()),
            key("limits.context_max_items", "CONTEXT_MAX_ITEMS", c -> c.session().contextMaxItems()),
            key("limits.context_max_chars", "CONTEXT_MAX_CHARS", c -> c.session().contextMaxChars()),
            key("limits.max_item_bytes", "MAX_ITEM_BYTES", c -> c.session().storage().maxItemBytes()),
            key("limits.max_conversation_bytes", "MAX_CONVERSATION_BYTES",
                c -> c.session().storage().maxConversationBytes()),
            key("limits.max_input_buffer_ms", "MAX_INPUT_BUFFER_MS", c -> c.session().storage().maxInputBufferMs()),
            key("limits.ws_ping_interval_ms", "WS_PING_INTERVAL_MS", c -> c.session().pingInterval().toMillis()),
            key("limits.ws_write_timeout_ms", "WS_WRITE_TIMEOUT_MS", c -> c.session().writeTimeout().toMillis()),
            key("limits.session_lifetime_minutes", "SESSION_LIFETIME_MINUTES",
                c -> c.session().sessionLifetime().toMinutes()));

    private static final Map<String, Key> BY_PATH = KEYS.stream().collect(Collectors.toMap(Key::path,
                                                                                            Function.identity()));
    private static final Map<String, Key> BY_ENV = KEYS.stream().collect(Collectors.toMap(Key::env,
                                                                                           Function.identity()));

    private ConfigKeys() {
    }

    /** Every key, in schema order. */
    public static List<Key> all() {
        return KEYS;
    }

    /** The key at a dotted path. */
    public static Optional<Key> byPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** The key an environment variable sets. */
    public static Optional<Key> byEnv(String env) {
        return Optional.ofNullable(BY_ENV.get(env));
    }

    /**
     * A language model provider's setting: in effect for the active provider, else what that provider would get
     * by default (the API's view shows an inactive provider's own value from the file or environment first).
     */
    private static Object llm(EngineConfig c, String provider, Function<LlmConfig, String> active,
                              Function<String, String> fallback) {
        return provider.equals(c.llm().provider()) ? active.apply(c.llm()) : new Default(fallback.apply(provider));
    }

    /** The value a key not in effect would have if no layer set it. */
    record Default(String value) {
    }

    private static Key key(String path, String env, Function<EngineConfig, Object> effective) {
        return new Key(path, env, false, false, effective);
    }

    private static Key secret(String path, String env, Function<EngineConfig, Object> effective) {
        return new Key(path, env, true, false, effective);
    }

    private static Key fixed(String path, String env, Function<EngineConfig, Object> effective) {
        return new Key(path, env, false, true, effective);
    }
}
