package dev.realtime.stt.openai;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Transcription by any OpenAI-compatible {@code POST /audio/transcriptions} endpoint (OpenAI, Groq Whisper,
 * speaches, vLLM, LocalAI). Each committed turn is uploaded as a 16 kHz mono PCM16 WAV ({@code audio.wav},
 * {@code audio/wav}) in a {@code multipart/form-data} request with {@code model} (always the configured one; a
 * session's model name is ignored because it rarely exists at another provider), the session's {@code language}
 * and {@code prompt} when set, and {@code response_format=json}.
 *
 * <p>Semantics of a stream:
 * <ul>
 * <li>No streaming deltas: a successful non-empty transcript is reported as one {@code Delta} with the whole text
 * followed by {@code Completed} (as OpenAI does for {@code whisper-1}); an empty transcript gives only
 * {@code Completed("")}.</li>
 * <li>A turn shorter than 100 ms completes with {@code ""} without a request (OpenAI rejects such files).</li>
 * <li>Every commit produces exactly one {@code Completed} or {@code Failed}, in commit order; each upload is
 * bounded by {@link OpenAiSttSettings#timeout()} ({@code Failed} with {@code upstream_timeout}). Upstream errors
 * become {@code Failed} carrying the {@link dev.realtime.upstream.Fault} (status and the upstream's message;
 * code {@code upstream_<kind>}); nothing is thrown out of the stream.</li>
 * <li>{@code close()} interrupts uploads in flight and drops their results.</li>
 * </ul>
 * Thread-safe; {@link #open(SttOptions)} is called on the session loop and returns at once.
 */
public final class OpenAiTranscriptionStt implements SttEngine {

    private final OpenAiSttSettings settings;
    private final HttpClient client;

    private OpenAiTranscriptionStt(OpenAiSttSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param settings endpoint, key, model and timeout
     * @return the engine with its own HTTP client, connecting within the timeout or 10 s, whichever is shorter
     */
    public static OpenAiTranscriptionStt create(OpenAiSttSettings settings) {
        Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0
                ? settings.timeout() : Duration.ofSeconds(10);
        return create(settings, UpstreamHttp.client("stt", connect));
    }

    /**
     * @param settings endpoint, key, model and timeout
     * @param client   the HTTP client to upload with
     * @return the engine
     */
    public static OpenAiTranscriptionStt create(OpenAiSttSettings settings, HttpClient client) {
        return new OpenAiTranscriptionStt(settings, client);
    }

    @Override
    public String name() {
        return "openai-transcription";
    }

    @Override
    public SttStream open(SttOptions options) {
        return new OpenAiTranscriptionStream(new Uploader(settings, client, Objects.requireNonNull(options)));
    }
}
