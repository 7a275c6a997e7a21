package dev.realtime.tts.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.testing.FakeState;
import dev.realtime.tts.FakeTone;

/**
 * An in-process Deepgram speak v1 server (providers.md §6.2) on a real Helidon WebSocket at {@code 127.0.0.1}:
 * only {@code /v1/speak} upgrades; {@code Authorization: Token <key>} is required, else HTTP 401 with
 * {@code dg-error}; the query is validated ({@code model} an Aura model, {@code encoding=linear16},
 * {@code sample_rate} one of Deepgram's). {@code Metadata} is sent first; {@code Speak} text is buffered; each
 * {@code Flush} synthesizes {@link dev.realtime.tts.FakeTone} audio ({@code msPerChar} ms per character at the
 * requested rate) in 100 ms binary frames, {@code frameDelay} apart, then {@code Flushed{sequence_id}}.
 * {@code Clear} stops a flush in progress (one frame may slip out) and answers {@code Cleared}; {@code Close} closes
 * 1000; more than {@code maxFlushes} flushes per window answer {@code Warning EXCESSIVE_FLUSH} and are ignored;
 * a {@code Speak} over 2000 characters closes 1008. A flush can be held after N frames until {@link #release()}
 * or a {@code Clear}. Everything is recorded per connection. Thread-safe.
 */
public final class FakeDeepgramSpeakServer implements AutoCloseable {

    private final String apiKey;
    private final FakeState state = new FakeState();
    private final List<FakeSpeakConnection> connections = new ArrayList<>();
    private final List<Integer> rejected = new ArrayList<>();
    private final List<FakeSpeakHandler> handlers = new ArrayList<>();
    private final WebServer server;
    private int msPerChar = 10;
    private Duration frameDelay = Duration.ZERO;
    private int maxFlushes = 20;
    private Duration flushWindow = Duration.ofSeconds(60);
    private int holdAfter = -1;
    private boolean held;

    private FakeDeepgramSpeakServer(String apiKey) {
        this.apiKey = apiKey;
        this.server = WebServer.builder().host("127.0.0.1").port(0)
                .addRouting(WsRouting.builder().endpoint("/v1/speak", () -> new FakeSpeakHandler(this)))
                .build()
                .start();
    }

    /** @param apiKey the only key accepted
     *  @return a started server */
    public static FakeDeepgramSpeakServer start(String apiKey) {
        return new FakeDeepgramSpeakServer(apiKey);
    }

    /** @return {@code ws://127.0.0.1:PORT}, the value for {@link DeepgramTtsSettings#baseUrl()} */
    public URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + server.port());
    }

    /** @param ms audio per character of flushed text (default 10) */
    public FakeDeepgramSpeakServer msPerChar(int ms) {
        update(() -> msPerChar = ms);
        return this;
    }

    /** @param delay pause after each 100 ms audio frame (default none) */
    public FakeDeepgramSpeakServer frameDelay(Duration delay) {
        update(() -> frameDelay = delay);
        return this;
    }

    /** @param max flushes allowed per 60 s window before {@code EXCESSIVE_FLUSH} (default 20) */
    public FakeDeepgramSpeakServer maxFlushes(int max) {
        update(() -> maxFlushes = max);
        return this;
    }

    /** The next flush stops after {@code frames} audio frames until {@link #release()} or a {@code Clear}. */
    public FakeDeepgramSpeakServer holdNextFlushAfter(int frames) {
        update(() -> holdAfter = frames);
        return this;
    }

    /** Lets a held flush continue. */
    public void release() {
        update(() -> {
            holdAfter = -1;
            held = false;
        });
    }

    /** Closes every open connection from the server side with {@code code} and {@code reason}. */
    public void dropConnections(int code, String reason) {
        read(() -> List.copyOf(handlers)).forEach(h -> h.drop(code, reason));
    }

    /** @return the number of samples a flush of {@code text} produces at {@code rate} */
    public int samplesFor(String text, int rate) {
        return FakeTone.samples(text.length(), read(() -> msPerChar), rate);
    }

    /** @return accepted connections, oldest first */
    public List<FakeSpeakConnection> connections() {
        return read(() -> List.copyOf(connections));
    }

    /** @return statuses of refused handshakes, in order */
    public List<Integer> rejections() {
        return read(() -> List.copyOf(rejected));
    }

    /** @return true while a flush is held */
    public boolean holding() {
        return read(() -> held);
    }

    /** Waits until {@code condition} holds, re-checked whenever anything is recorded; AssertionError on timeout. */
    public void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        state.await(what, timeout, condition);
    }

    @Override
    public void close() {
        release();
        server.stop();
    }

    String apiKey() {
        return apiKey;
    }

    int msPerChar() {
        return read(() -> msPerChar);
    }

    Duration frameDelay() {
        return read(() -> frameDelay);
    }

    int maxFlushes() {
        return read(() -> maxFlushes);
    }

    Duration flushWindow() {
        return read(() -> flushWindow);
    }

    /** @return true when the flush that has sent {@code frames} frames must pause now (arms the hold) */
    boolean holdAt(int frames) {
        return read(() -> {
            if (holdAfter >= 0 && frames == holdAfter) {
                holdAfter = -1;
                held = true;
            }
            return held;
        });
    }

    /** Waits while held, until released or {@code stop} holds (re-checked on every recorded change). */
    void awaitRelease(BooleanSupplier stop) {
        awaitTrue("release", Duration.ofSeconds(30), () -> !held || stop.getAsBoolean());
        update(() -> held = false);
    }

    void rejected(int status) {
        update(() -> rejected.add(status));
    }

    void register(FakeSpeakConnection connection, FakeSpeakHandler handler) {
        update(() -> {
            connections.add(connection);
            handlers.add(handler);
        });
    }

    void update(Runnable change) {
        state.update(change);
    }

    <T> T read(Supplier<T> action) {
        return state.read(action);
    }
}
