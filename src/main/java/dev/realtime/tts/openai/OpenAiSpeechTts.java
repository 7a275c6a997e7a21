package dev.realtime.tts.openai;

import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Set;

import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Speech from an OpenAI-compatible {@code POST {base}/audio/speech} endpoint, one request per piece:
 * {@code {"model","input","voice","response_format":"pcm","speed"}}. The body is read as it streams and handed to
 * the sink as 24 kHz mono samples: raw PCM as is, WAV with its header parsed (and resampled when not 24 kHz);
 * MP3 or other compressed audio fails the piece. {@code cancel()} aborts the request or closes the body. Errors
 * carry the status and the upstream message.
 *
 * <p>Voice: OpenAI voice names and provider voice ids ({@code af_heart}) pass through; an empty voice gets the
 * configured default. Speed is clamped to 0.25–4.0. Thread-safe; {@link #open} is called on the session loop and
 * returns at once.
 */
public final class OpenAiSpeechTts implements TtsEngine {

    /** OpenAI's voice names. */
    public static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "sage",
            "shimmer", "verse", "marin", "cedar", "fable", "onyx", "nova");

    /** Rate of every stream's audio: the OpenAI {@code pcm} format and the Realtime protocol's. */
    public static final int SAMPLE_RATE = 24_000;

    private final OpenAiTtsSettings settings;
    private final HttpClient client;

    private OpenAiSpeechTts(OpenAiTtsSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param settings endpoint, key, model, voice and timeout
     * @return the engine with its own HTTP client
     */
    public static OpenAiSpeechTts create(OpenAiTtsSettings settings) {
        return create(settings, UpstreamHttp.client("tts", settings.firstByteTimeout()));
    }

    /**
     * @param settings endpoint, key, model, voice and timeout
     * @param client   the HTTP client to use
     * @return the engine
     */
    public static OpenAiSpeechTts create(OpenAiTtsSettings settings, HttpClient client) {
        return new OpenAiSpeechTts(settings, client);
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public TtsStream open(TtsOptions options) {
        String voice = options.voice() == null || options.voice().isBlank() ? settings.defaultVoice()
                : options.voice().strip();
        double speed = Double.isFinite(options.speed()) && options.speed() > 0
                ? Math.clamp(options.speed(), 0.25, 4.0) : 1.0;
        return new OpenAiSpeechStream(settings, client, new SpeechRequest(settings, voice, speed));
    }
}
