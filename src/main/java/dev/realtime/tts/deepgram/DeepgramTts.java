package dev.realtime.tts.deepgram;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.Endpoints;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Streaming speech with Deepgram Aura over the speak v1 WebSocket
 * ({@code /v1/speak?model=..&encoding=linear16&sample_rate=..&container=none}).
 *
 * <p>Each session's stream holds one WebSocket, opened lazily by the first {@code speak} and reused by later
 * pieces (reopened lazily when it dropped). A piece is sent as {@code Speak} messages of at most 2000 characters
 * and one {@code Flush}; its audio frames go to the sink as they arrive until {@code Flushed}. {@code cancel()}
 * makes the blocked {@code speak} throw the cancellation at once; the stream then sends {@code Clear} and the next
 * piece first drops audio until {@code Cleared}. An {@code EXCESSIVE_FLUSH} warning fails the piece (the flush was
 * ignored), and so does a wait longer than {@link DeepgramTtsSettings#firstByteTimeout()} for a piece's first audio,
 * or a silence longer than {@link DeepgramTtsSettings#idleTimeout()} after it.
 *
 * <p>Voice: a {@link TtsOptions#voice()} that is an {@code aura-} model id is used as the model; OpenAI voice names
 * and anything else map to the configured model. The voice is fixed when the stream is opened. Speed is not sent
 * (Deepgram's {@code speed} is not supported for every language). Thread-safe; {@link #open} is called on the
 * session loop and returns at once.
 */
public final class DeepgramTts implements TtsEngine {

    /** OpenAI Realtime voice names, spoken with the configured default model. */
    public static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "sage",
            "shimmer", "verse", "marin", "cedar", "fable", "onyx", "nova");

    private static final System.Logger LOGGER = System.getLogger(DeepgramTts.class.getName());

    private final DeepgramTtsSettings settings;
    private final HttpClient client;

    private DeepgramTts(DeepgramTtsSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param settings endpoint, key, model and timeouts
     * @return the engine with its own HTTP client
     */
    public static DeepgramTts create(DeepgramTtsSettings settings) {
        return create(settings, UpstreamHttp.client("tts", settings.connectTimeout()));
    }

    /**
     * @param settings endpoint, key, model and timeouts
     * @param client   the HTTP client whose WebSockets the streams use
     * @return the engine
     */
    public static DeepgramTts create(DeepgramTtsSettings settings, HttpClient client) {
        return new DeepgramTts(settings, client);
    }

    @Override
    public String name() {
        return "deepgram";
    }

    @Override
    public TtsStream open(TtsOptions options) {
        String model = model(settings, options);
        return new DeepgramSpeakStream(settings, client, speakUri(settings, model));
    }

    /**
     * @param settings engine settings
     * @param options  the session's voice
     * @return the Aura model the session speaks with
     */
    static String model(DeepgramTtsSettings settings, TtsOptions options) {
        String voice = options.voice() == null ? "" : options.voice().strip().toLowerCase();
        if (voice.startsWith("aura-")) {
            return voice;
        }
        if (!voice.isEmpty() && !OPENAI_VOICES.contains(voice)) {
            LOGGER.log(System.Logger.Level.INFO, "Unknown voice ''{0}'', speaking with {1}", voice, settings.model());
        }
        return settings.model();
    }

    /** @return the {@code /v1/speak} URI with the query this engine sends */
    static URI speakUri(DeepgramTtsSettings settings, String model) {
        return Endpoints.webSocket(settings.baseUrl(), "/v1/speak?model="
                + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&encoding=linear16&sample_rate="
                + settings.sampleRate() + "&container=none");
    }
}
