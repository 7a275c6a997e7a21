package dev.realtime.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvConfigTest {
    @Test
    void defaultsWithoutAnyVariable() {
        EngineConfig c = EnvConfig.load(Map.of());
        assertThat(c.port(), is(8787));
        assertThat(c.host(), is("127.0.0.1"));
        assertThat(c.dataDir(), is(Path.of("./data")));
        assertThat(c.engineApiKey(), is(Optional.empty()));
        assertThat(c.llm().provider(), is("offline"));
        assertThat(c.tokens().ttl().toSeconds(), is(300L));
        assertThat(c.session().maxMessageBytes(), is(16 * 1024 * 1024));
    }

    @Test
    void speechWaitsAndStorageCapsHaveBoundedDefaults() {
        EngineConfig c = EnvConfig.load(Map.of());
        assertThat(c.tts().firstByteTimeout().toMillis(), is(10_000L));
        assertThat(c.tts().idleTimeout().toMillis(), is(5_000L));
        assertThat(c.session().storage(), is(new StorageLimits(256 * 1024, 1024 * 1024, 30_000)));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of(
                "MAX_ITEM_BYTES", "2000000", "MAX_CONVERSATION_BYTES", "1000000"))).getMessage(),
                   containsString("MAX_ITEM_BYTES"));
    }

    @Test
    void theOldSpeechTimeoutSetsBothWaitsWhereTheyAreNotSetAndIsWarnedAbout() {
        EnvConfig.Bound old = EnvConfig.bind(Map.of("TTS_TIMEOUT_MS", "4000"));
        assertThat(old.config().tts().firstByteTimeout().toMillis(), is(4_000L));
        assertThat(old.config().tts().idleTimeout().toMillis(), is(4_000L));
        assertThat(old.warnings().size(), is(1));
        assertThat(old.warnings().getFirst().setting(), is("TTS_TIMEOUT_MS"));
        assertThat(old.warnings().getFirst().message(), containsString("TTS_FIRST_BYTE_TIMEOUT_MS"));
        TtsConfig both = EnvConfig.load(Map.of("TTS_TIMEOUT_MS", "4000", "TTS_IDLE_TIMEOUT_MS", "700")).tts();
        assertThat(both.firstByteTimeout().toMillis(), is(4_000L));
        assertThat(both.idleTimeout().toMillis(), is(700L));
    }

    @Test
    void firstProviderWithAKeyWins() {
        assertThat(EnvConfig.load(Map.of("OPENAI_API_KEY", "o", "OPENROUTER_API_KEY", "r")).llm().provider(),
                   is("openrouter"));
        LlmConfig groq = EnvConfig.load(Map.of("OPENAI_API_KEY", "o", "GROQ_API_KEY", "g")).llm();
        assertThat(groq.provider(), is("groq"));
        assertThat(groq.model(), is("openai/gpt-oss-20b"));
        assertThat(groq.apiKey(), is(Optional.of("g")));
        assertThat(groq.baseUrl(), is(URI.create("https://api.groq.com/openai/v1")));
    }

    @Test
    void explicitProviderBeatsDetectionAndBaseUrlOverridesDefault() {
        LlmConfig c = EnvConfig.load(Map.of("GROQ_API_KEY", "g", "LLM_PROVIDER", "openai-compatible",
                                            "OPENAI_COMPATIBLE_BASE_URL", "http://127.0.0.1:9/v1/",
                                            "OPENAI_COMPATIBLE_MODEL", "qwen")).llm();
        assertThat(c.provider(), is("openai-compatible"));
        assertThat(c.baseUrl(), is(URI.create("http://127.0.0.1:9/v1")));
        assertThat(c.model(), is("qwen"));
        assertThat(c.apiKey(), is(Optional.empty()));
        assertThat(EnvConfig.load(Map.of("GROQ_API_KEY", "g", "LLM_PROVIDER", "offline")).llm().offline(),
                   is(true));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("PORT", "eighty")))
                           .getMessage(), containsString("PORT"));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("LLM_PROVIDER", "skynet")))
                           .getMessage(), containsString("LLM_PROVIDER"));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("LLM_PROVIDER", "groq")))
                           .getMessage(), containsString("GROQ_API_KEY"));
        ConfigException all = assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("PORT", "eighty", "LLM_PROVIDER", "skynet", "OUTBOX_CAPACITY", "1")));
        assertThat("every problem at once", all.problems().size(), is(3));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("LLM_PROVIDER", "openai", "OPENAI_API_KEY", "k", "OPENAI_BASE_URL", "ftp://x")))
                           .getMessage(), containsString("OPENAI_BASE_URL"));
    }

    @Test
    void generatedSecretIsKeptWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        EngineConfig c = EnvConfig.load(Map.of("DATA_DIR", dir.toString()));
        String first = SecretStore.jwtSecret(c);
        Path file = dir.resolve(SecretStore.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-------"));
        assertThat(SecretStore.jwtSecret(c), is(first));
        assertThat(first.length() >= 32, is(true));
        EngineConfig explicit = EnvConfig.load(Map.of("DATA_DIR", dir.toString(), "JWT_SECRET", "from-env"));
        assertThat(SecretStore.jwtSecret(explicit), is("from-env"));
    }

    @Test
    void anActiveProviderWithoutItsKeyIsAProblemNamingTheKey() {
        ConfigException deepgram = assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("STT_PROVIDER", "deepgram", "TTS_PROVIDER", "local")));
        assertThat(deepgram.problems().size(), is(1));
        assertThat(deepgram.problems().getFirst().setting(), is("DEEPGRAM_API_KEY"));
        assertThat(deepgram.getMessage(), containsString("stt.provider 'deepgram' needs it"));
        ConfigException hosted = assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("TTS_PROVIDER", "openai-compatible")));
        assertThat(hosted.getMessage(), containsString("TTS_API_KEY"));
        assertThat("OpenAI's own service takes the LLM's key", EnvConfig.load(
                Map.of("TTS_PROVIDER", "openai-compatible", "OPENAI_API_KEY", "k")).tts().apiKey(),
                   is(Optional.of("k")));
        assertThat("a self-hosted server needs no key", EnvConfig.load(
                Map.of("STT_PROVIDER", "openai-compatible", "STT_BASE_URL", "http://127.0.0.1:9/v1")).stt().apiKey(),
                   is(Optional.empty()));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("DEEPGRAM_TTS_MODEL", "thalia")))
                           .getMessage(), containsString("DEEPGRAM_TTS_MODEL"));
    }

    @Test
    void theDefaultVoiceIsTheOneTheSpeechEngineUses() {
        assertThat(EnvConfig.load(Map.of("DEEPGRAM_API_KEY", "k")).session().voice(), is("aura-2-thalia-en"));
        assertThat(EnvConfig.load(Map.of("TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", "http://127.0.0.1:9/v1",
                                         "TTS_VOICE", "af_heart")).session().voice(), is("af_heart"));
        assertThat(EnvConfig.load(Map.of()).session().voice(), is("marin"));
        assertThat(EnvConfig.load(Map.of("DEEPGRAM_API_KEY", "k", "DEFAULT_VOICE", "cedar")).session().voice(),
                   is("cedar"));
    }

    @Test
    void documentedVadNamesAreAliases() {
        EngineConfig c = EnvConfig.load(Map.of("VAD_MIN_SILENCE_MS", "700", "VAD_THRESHOLD", "0.6",
                                               "VAD_PROVIDER", "energy"));
        assertThat(c.session().turnDetection().silenceDurationMs(), is(700));
        assertThat(c.session().turnDetection().threshold(), is(0.6));
        assertThat(c.stt().vad(), is("energy"));
        assertThat(EnvConfig.load(Map.of("VAD_ENABLED", "false")).session().turnDetection().type(), is("none"));
        assertThat(EnvConfig.load(Map.of("VAD_ENABLED", "true")).session().turnDetection().type(), is("server_vad"));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("VAD_MIN_SILENCE_MS", "700", "SILENCE_DURATION_MS", "900"))).getMessage(),
                   containsString("set only one of them"));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("VAD_ENABLED", "false", "TURN_DETECTION", "semantic_vad"))).getMessage(),
                   containsString("VAD_ENABLED"));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("VAD_PROVIDER", "webrtc")))
                           .getMessage(), containsString("VAD_PROVIDER"));
    }

    @Test
    void engineLookingVariablesThatAreNoSettingAreWarnedAbout() {
        var warnings = EnvAliases.unknown(Map.of("VAD_MIN_SILENCE", "500", "GROQ_MODLE", "x", "PATH", "/bin",
                                                 "ENGINE_JAVA_OPTS", "-Xmx1g", "DEEPGRAM_API_KEY", "k",
                                                 "LOG_LEVEL", "debug"));
        assertThat(warnings.stream().map(Object::toString).toList(), is(List.of(
                "GROQ_MODLE: is not a setting of this engine and is ignored; did you mean GROQ_MODEL?",
                "LOG_LEVEL: is not a setting of this engine and is ignored",
                "VAD_MIN_SILENCE: is not a setting of this engine and is ignored; did you mean VAD_MIN_SILENCE_MS?")));
    }

    @Test
    void everyValueIsBoundedAndNamesAreNames() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("DEFAULT_VOICE", "ash; rm -rf /");
        bad.put("TTS_VOICE", "a".repeat(200));
        bad.put("STT_MODEL", "whisper\n-1");
        bad.put("DEFAULT_INSTRUCTIONS", "x".repeat(EnvValues.MAX_LONG_TEXT + 1));
        bad.put("PUBLIC_WS_URL", "ws:no-host");
        bad.put("DEEPGRAM_BASE_URL", "wss:/v1");
        bad.put("WS_PING_INTERVAL_MS", "0");
        bad.put("OUTBOX_CAPACITY", "1000000");
        bad.put("TOKEN_TTL_SECONDS", "2000000000");
        bad.put("ALLOWED_ORIGINS", "https://a.example," + "b".repeat(EnvValues.MAX_TEXT));
        ConfigException e = assertThrows(ConfigException.class, () -> EnvConfig.load(bad));
        var named = e.problems().stream().map(ConfigException.Problem::setting).toList();
        assertThat(named, hasItems(bad.keySet().toArray(String[]::new)));
        EngineConfig fine = EnvConfig.load(Map.of("DEFAULT_VOICE", "af_bella", "TTS_VOICE", "en_US-lessac:medium",
                                                   "OPENAI_COMPATIBLE_MODEL", "meta-llama/llama-3.1-8b@q4+x",
                                                   "DEFAULT_INSTRUCTIONS", "Line one.\nLine two."));
        assertThat(fine.session().voice(), is("af_bella"));
        assertThat(fine.session().instructions(), is("Line one.\nLine two."));
    }

    @Test
    void thePhoneApologyHasADefaultAndIsOffWhenSetEmpty() {
        assertThat(EnvConfig.load(Map.of()).phone().apology(), is(PhoneConfig.DEFAULT_APOLOGY));
        assertThat(EnvConfig.load(Map.of("PHONE_APOLOGY", "")).phone().apology(), is(""));
        assertThat(EnvConfig.load(Map.of("PHONE_APOLOGY", "  ")).phone().apology(), is(""));
        assertThat(EnvConfig.load(Map.of("PHONE_APOLOGY", " One moment, say that again? ")).phone().apology(),
                   is("One moment, say that again?"));
    }
}
