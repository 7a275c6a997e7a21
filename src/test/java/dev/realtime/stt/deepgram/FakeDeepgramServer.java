package dev.realtime.stt.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.testing.FakeState;

/**
 * An in-process Deepgram listen v1 server (providers.md §6.1) on a real Helidon WebSocket at {@code 127.0.0.1}:
 * only {@code GET /v1/listen} upgrades; {@code Authorization: Token <key>} (or {@code Bearer <key>}, or the
 * subprotocols {@code token, <key>}) is required, else
 * HTTP 401 with {@code dg-error} and {@code dg-request-id}; the query is validated ({@code model} known,
 * {@code encoding} needs {@code sample_rate}); binary frames are audio (an empty one ends the stream); text frames
 * {@code KeepAlive}, {@code Finalize}, {@code CloseStream}. Transcripts come from a script, one entry per
 * utterance (see {@link FakeTranscriber}); {@code interim_results=true} enables interim results. Faults: a
 * one-time close 1011 mid-utterance, queued handshake rejections, an idle timer closing 1011 {@code NET-0001}, delayed
 * finals, connections that never answer. Everything is recorded per connection.
 *
 * <p>Configure before the client connects; all methods are thread-safe.
 */
public final class FakeDeepgramServer implements AutoCloseable {

    /** What a connection settled on {@code Finalize} or {@code CloseStream}: audio bytes and scripted text. */
    public record Utterance(long bytes, String text) {
    }

    /** A scripted handshake rejection. */
    record Rejection(int status, String dgError) {
    }

    private final String apiKey;
    private final FakeState state = new FakeState();
    private final Deque<String> script = new ArrayDeque<>();
    private final Deque<Rejection> rejections = new ArrayDeque<>();
    private final List<Integer> rejected = new ArrayList<>();
    private final List<FakeDeepgramConnection> connections = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-deepgram-timer").factory());
    private final WebServer server;
    private int msPerWord = 100;
    private Duration idleTimeout = Duration.ofSeconds(10);
    private Duration finalizeDelay = Duration.ZERO;
    private double dropAfterSeconds = -1;
    private int mute;

    private FakeDeepgramServer(String apiKey) {
        this.apiKey = apiKey;
        this.server = WebServer.builder().host("127.0.0.1").port(0)
                .addRouting(WsRouting.builder().endpoint("/v1/listen", () -> new FakeListenHandler(this)))
                .build()
                .start();
    }

    /** @param apiKey the only key accepted
     *  @return a started server */
    public static FakeDeepgramServer start(String apiKey) {
        return new FakeDeepgramServer(apiKey);
    }

    /** @return {@code ws://127.0.0.1:PORT}, the value for {@link DeepgramSettings#baseUrl()} */
    public URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + server.port());
    }

    /** Appends utterance texts, used in order; segments within one are separated by {@code |}. */
    public FakeDeepgramServer script(String... utterances) {
        update(() -> script.addAll(List.of(utterances)));
        return this;
    }

    /** @param ms audio needed per revealed word (default 100) */
    public FakeDeepgramServer msPerWord(int ms) {
        update(() -> msPerWord = ms);
        return this;
    }

    /** @param timeout silence (no frame at all) after which a connection is closed 1011 NET-0001 (default 10 s) */
    public FakeDeepgramServer idleTimeout(Duration timeout) {
        update(() -> idleTimeout = timeout);
        return this;
    }

    /** @param delay how long the answer to {@code Finalize} is held back (default none) */
    public FakeDeepgramServer finalizeDelay(Duration delay) {
        update(() -> finalizeDelay = delay);
        return this;
    }

    /** Once, the connection whose current utterance reaches {@code audio} is closed 1011 NET-0000. */
    public FakeDeepgramServer dropOnceAfter(Duration audio) {
        update(() -> dropAfterSeconds = audio.toMillis() / 1000.0);
        return this;
    }

    /** The next {@code connections} connections take audio but never answer, as a hung Deepgram. */
    public FakeDeepgramServer muteNext(int connections) {
        update(() -> mute = connections);
        return this;
    }

    /** The next handshake is refused with this status and {@code dg-error}. */
    public FakeDeepgramServer rejectNext(int status, String dgError) {
        update(() -> rejections.add(new Rejection(status, dgError)));
        return this;
    }

    /** @return accepted connections, oldest first */
    public List<FakeDeepgramConnection> connections() {
        return read(() -> List.copyOf(connections));
    }

    /** @return statuses of refused handshakes, in order */
    public List<Integer> rejections() {
        return read(() -> List.copyOf(rejected));
    }

    /** Waits until the {@code index}th connection (from 0) is open. */
    public FakeDeepgramConnection awaitConnection(int index, Duration timeout) {
        awaitTrue("connection #" + index, timeout, () -> connections.size() > index);
        return connections().get(index);
    }

    /**
     * Waits until {@code condition} holds; it is re-checked whenever anything is recorded.
     *
     * @throws AssertionError on timeout
     */
    public void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        state.await(what, timeout, condition);
    }

    /** @return the text a script entry finalizes to: its segments joined by single spaces */
    public static String fullText(String scriptEntry) {
        return String.join(" ", scriptEntry.replace('|', ' ').strip().split("\\s+")).strip();
    }

    @Override
    public void close() {
        server.stop();
        scheduler.shutdownNow();
    }

    String apiKey() {
        return apiKey;
    }

    int msPerWord() {
        return msPerWord;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    String currentScript() {
        return script.isEmpty() ? "" : script.peekFirst();
    }

    void consumeScript() {
        script.pollFirst();
    }

    Optional<Rejection> nextRejection() {
        return read(() -> Optional.ofNullable(rejections.pollFirst()));
    }

    void rejected(int status) {
        update(() -> rejected.add(status));
    }

    void register(FakeDeepgramConnection connection) {
        update(() -> {
            connections.add(connection);
            if (mute > 0) {
                mute--;
                connection.muted = true;
            }
        });
    }

    /** @return true once, when the utterance length reaches the scripted drop point */
    boolean takeDrop(double utteranceSeconds) {
        if (dropAfterSeconds >= 0 && utteranceSeconds >= dropAfterSeconds) {
            dropAfterSeconds = -1;
            return true;
        }
        return false;
    }

    void afterFinalizeDelay(Runnable task) {
        long delay = read(() -> finalizeDelay.toMillis());
        if (delay == 0) {
            task.run();
        } else {
            schedule(task, delay);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the server is closing
        }
    }

    void update(Runnable change) {
        state.update(change);
    }

    <T> T read(Supplier<T> action) {
        return state.read(action);
    }
}
