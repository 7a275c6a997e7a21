package dev.realtime.stt.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach Deepgram's streaming {@code /v1/listen} endpoint and how patient to be with it. Immutable.
 *
 * @param baseUrl           scheme and host (optionally a path prefix) before {@code /v1/listen}, e.g.
 *                          {@code wss://api.deepgram.com}; {@code http(s)} is turned into {@code ws(s)}
 * @param apiKey            API key, sent as {@code Authorization: Token <key>}
 * @param model             model, e.g. {@code nova-3}
 * @param language          default language (BCP-47), e.g. {@code en-US}; a session's language hint overrides it
 * @param keepAliveInterval a {@code KeepAlive} text frame is sent after this long without any frame sent
 * @param finalizeTimeout   how long a commit waits for the {@code from_finalize} result after sending
 *                          {@code Finalize}; then the turn completes with what was heard
 * @param connectTimeout    WebSocket handshake timeout, also the bound on one blocked frame send
 * @param resultTimeout     hard bound from a commit to its {@code Completed} or {@code Failed}, including reconnects
 * @param idleTimeout       longest silence from Deepgram while audio streams to it (it answers with results about
 *                          every second, empty ones for silence); then the socket is taken for dead, and the turn
 *                          is resent on a new one
 * @param maxTurnAudio      audio of the current turn kept in memory for resending after a reconnect
 */
public record DeepgramSettings(URI baseUrl,
                               String apiKey,
                               String model,
                               String language,
                               Duration keepAliveInterval,
                               Duration finalizeTimeout,
                               Duration connectTimeout,
                               Duration resultTimeout,
                               Duration idleTimeout,
                               Duration maxTurnAudio) {

    /** Deepgram's public endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("wss://api.deepgram.com");

    private static final Set<String> SCHEMES = Set.of("ws", "wss", "http", "https");

    public DeepgramSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(language, "language");
        if (baseUrl.getScheme() == null || !SCHEMES.contains(baseUrl.getScheme().toLowerCase())) {
            throw new IllegalArgumentException("Deepgram base URL must be ws, wss, http or https: " + baseUrl);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("Deepgram model must not be blank");
        }
        positive(keepAliveInterval, "keepAliveInterval");
        positive(finalizeTimeout, "finalizeTimeout");
        positive(connectTimeout, "connectTimeout");
        positive(resultTimeout, "resultTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(maxTurnAudio, "maxTurnAudio");
        if (resultTimeout.compareTo(finalizeTimeout) <= 0) {
            throw new IllegalArgumentException("resultTimeout must be longer than finalizeTimeout");
        }
    }

    /**
     * Defaults: {@code wss://api.deepgram.com}, {@code nova-3}, {@code en-US}, keep-alive every 4 s, finalize
     * wait 1.5 s, connect 5 s, result bound 8 s, idle wait 5 s, 60 s of turn audio kept.
     *
     * @param apiKey Deepgram API key
     * @return the settings
     */
    public static DeepgramSettings of(String apiKey) {
        return new DeepgramSettings(DEFAULT_BASE_URL, apiKey, "nova-3", "en-US", Duration.ofSeconds(4),
                                    Duration.ofMillis(1_500), Duration.ofSeconds(5), Duration.ofSeconds(8),
                                    Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /**
     * @param url base URL, e.g. a fake's {@code ws://127.0.0.1:PORT}
     * @return a copy using it
     */
    public DeepgramSettings withBaseUrl(URI url) {
        return new DeepgramSettings(url, apiKey, model, language, keepAliveInterval, finalizeTimeout,
                                    connectTimeout, resultTimeout, idleTimeout, maxTurnAudio);
    }

    /**
     * @param newModel    model name
     * @param newLanguage default language
     * @return a copy using them
     */
    public DeepgramSettings withModel(String newModel, String newLanguage) {
        return new DeepgramSettings(baseUrl, apiKey, newModel, newLanguage, keepAliveInterval, finalizeTimeout,
                                    connectTimeout, resultTimeout, idleTimeout, maxTurnAudio);
    }

    /**
     * @param keepAlive keep-alive interval
     * @param finalize  finalize wait
     * @param connect   connect timeout
     * @param result    commit-to-result bound
     * @return a copy using these timings
     */
    public DeepgramSettings withTimings(Duration keepAlive, Duration finalize, Duration connect, Duration result) {
        return new DeepgramSettings(baseUrl, apiKey, model, language, keepAlive, finalize, connect, result,
                                    idleTimeout, maxTurnAudio);
    }

    /**
     * @param result commit-to-result bound
     * @return a copy using it, the other timings unchanged
     */
    public DeepgramSettings withResultTimeout(Duration result) {
        return withTimings(keepAliveInterval, finalizeTimeout, connectTimeout, result);
    }

    /**
     * @param idle longest silence from Deepgram while audio streams to it
     * @return a copy using it, the other timings unchanged
     */
    public DeepgramSettings withIdleTimeout(Duration idle) {
        return new DeepgramSettings(baseUrl, apiKey, model, language, keepAliveInterval, finalizeTimeout,
                                    connectTimeout, resultTimeout, idle, maxTurnAudio);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
