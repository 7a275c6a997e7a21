package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.upstream.Endpoints;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Streaming transcription with Deepgram listen v1 (Nova-3). Each session's stream holds one WebSocket to
 * {@code /v1/listen}, opened lazily on the session's STT loop thread (the stream's work runs there, inside
 * {@code take()}) at the first {@code begin} or audio, with
 * {@code encoding=linear16&sample_rate=16000&channels=1&interim_results=true&punctuate=true&smart_format=true
 * &endpointing=false&vad_events=false}: the engine's VAD decides where turns end, so Deepgram's endpointing is
 * off and a commit sends {@code Finalize}.
 *
 * <p>Semantics of a stream:
 * <ul>
 * <li>Deltas: interim and final results form a hypothesis (settled segments plus the latest interim); a delta
 * carries the hypothesis words beyond those already reported for the item. Revisions of words already reported
 * are not re-reported (deltas are append-only); {@code Completed}, the {@code is_final} segments joined by
 * spaces once the {@code from_finalize} result arrives, is authoritative.</li>
 * <li>A commit produces exactly one {@code Completed} or {@code Failed}: normally when the {@code from_finalize}
 * result arrives; after {@link DeepgramSettings#finalizeTimeout()} without it, {@code Completed} with the settled
 * segments plus the latest interim tail; in any case within {@link DeepgramSettings#resultTimeout()} of the commit
 * ({@code Failed} with {@code upstream_timeout} when nothing was heard), give or take one stalled frame send
 * (bounded by the connect timeout).</li>
 * <li>Turns are sent one after another: audio of the next turn (anything fed after a commit, with or without a
 * {@code begin}) is held until the previous turn is resolved, then sent in a burst. A result whose audio ends
 * before the current turn started on the socket (a late answer to an earlier {@code Finalize}) is dropped.
 * {@code clear()} flushes audio already sent with {@code Finalize} and discards its results.</li>
 * <li>A dropped socket is reopened and the current turn's audio since its start (up to
 * {@link DeepgramSettings#maxTurnAudio()}) resent; timestamps restart at 0 on the new socket. After 2 reconnects
 * within one turn it fails. A refused handshake (401, 429, 400 with {@code dg-error}) fails the pending turn;
 * the next turn connects again. Failures carry their {@link dev.realtime.upstream.Fault}.</li>
 * <li>{@code KeepAlive} text frames keep an open socket alive when no audio flows; {@code close()} sends
 * {@code CloseStream}. Session prompts are ignored; a session model is used only when it names a Nova model.</li>
 * </ul>
 * Thread-safe; {@link #open(SttOptions)} is called on the session loop and returns at once.
 */
public final class DeepgramStt implements SttEngine {

    private final DeepgramSettings settings;
    private final HttpClient client;

    private DeepgramStt(DeepgramSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param settings endpoint, key, model and timings
     * @return the engine with its own HTTP client
     */
    public static DeepgramStt create(DeepgramSettings settings) {
        return create(settings, UpstreamHttp.client("stt", settings.connectTimeout()));
    }

    /**
     * @param settings endpoint, key, model and timings
     * @param client   the HTTP client whose WebSockets the streams use
     * @return the engine
     */
    public static DeepgramStt create(DeepgramSettings settings, HttpClient client) {
        return new DeepgramStt(settings, client);
    }

    @Override
    public String name() {
        return "deepgram";
    }

    @Override
    public SttStream open(SttOptions options) {
        return DeepgramStream.open(settings, client, listenUri(settings, options));
    }

    /**
     * @param settings engine settings
     * @param options  the session's hints
     * @return the {@code /v1/listen} URI with the query this engine sends
     */
    static URI listenUri(DeepgramSettings settings, SttOptions options) {
        String model = options.model().filter(m -> m.startsWith("nova-")).orElse(settings.model());
        String language = options.language().filter(l -> !l.isBlank()).orElse(settings.language());
        return Endpoints.webSocket(settings.baseUrl(), "/v1/listen?model=" + encode(model)
                + "&language=" + encode(language) + "&encoding=linear16&sample_rate=" + SttStream.SAMPLE_RATE
                + "&channels=1&interim_results=true&punctuate=true&smart_format=true&endpointing=false"
                + "&vad_events=false");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
