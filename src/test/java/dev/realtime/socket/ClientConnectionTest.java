package dev.realtime.socket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.RawWsClient;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The engine's own WebSocket connection, against a raw client: the frame rules of RFC 6455 (masking, reserved bits,
 * continuations, control frames), the close handshake in both directions and bounded when the client never answers,
 * and one end callback for every way a connection ends. Routes whose listener is not an {@link EndpointListener}
 * are still Helidon's.
 */
class ClientConnectionTest {
    private static final Duration CLOSE_WAIT = Duration.ofMillis(300);

    private WebServer server;
    private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> asciiMessages = new CopyOnWriteArrayList<>();

    /** Echoes text (answering "close-me" with a server close, "flood" with endless binary frames) and records. */
    private final class Recorder implements EndpointListener {
        private final SocketLimits limits;

        Recorder(SocketLimits limits) {
            this.limits = limits;
        }

        @Override
        public SocketLimits limits() {
            return limits;
        }

        @Override
        public void onMessage(WsSession ws, String text, boolean last) {
            messages.add(text);
            switch (text) {
                case "close-me" -> ws.close(4000, "bye");
                case "flood" -> Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (true) {
                            ws.send(BufferData.create(chunk), true);
                        }
                    } catch (RuntimeException e) {
                        // the connection was aborted
                    }
                });
                default -> ws.send(text.length() > 100 ? "length " + text.length() : text, true);
            }
        }

        @Override
        public void onAsciiMessage(WsSession ws, byte[] message) {
            asciiMessages.add(new String(message, StandardCharsets.US_ASCII));
            EndpointListener.super.onAsciiMessage(ws, message);
        }

        @Override
        public void onPing(WsSession ws, BufferData buffer) {
            ws.pong(buffer);
        }

        @Override
        public void onClose(WsSession ws, int status, String reason) {
            ends.add("close " + status);
        }

        @Override
        public void onError(WsSession ws, Throwable t) {
            ends.add(t instanceof ConnectionEnded e ? e.reason().label() : "error " + t);
        }
    }

    private URI start(SocketLimits limits) {
        return start(limits, Duration.ofMinutes(5));
    }

    private URI start(SocketLimits limits, Duration idleTimeout) {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .idleConnectionTimeout(idleTimeout)
                .idleConnectionPeriod(Duration.ofMillis(Math.min(idleTimeout.toMillis(), 60_000)))
                .addRouting(WsRouting.builder()
                                    .endpoint("/engine", () -> new Recorder(limits))
                                    .endpoint("/helidon", () -> new WsListener() {
                                        @Override
                                        public void onMessage(WsSession ws, String text, boolean last) {
                                            ws.send("helidon " + text, last);
                                        }
                                    }))
                .build().start();
        return URI.create("ws://127.0.0.1:" + server.port() + "/engine");
    }

    private URI start() {
        return start(new SocketLimits(65_536, Duration.ofMillis(300), CLOSE_WAIT, 1 << 20));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The one end callback; fails when a second one follows. */
    private String end() throws InterruptedException {
        String end = ends.poll(WsTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat("an end callback", end != null, is(true));
        return end;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RawWsClient client(URI uri) throws Exception {
        RawWsClient c = RawWsClient.connect(uri, Map.of());
        assertThat(c.status(), is(101));
        return c;
    }

    @Test
    void clientCloseIsAnsweredWithItsCodeAndReportedOnce() throws Exception {
        try (RawWsClient c = client(start())) {
            c.sendText("hi");
            assertThat(c.read().orElseThrow().text(), is("hi"));
            c.sendClose(4001);
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(4001));
            assertThat(c.awaitEndOfStream(), is(true));
            assertThat(end(), is("close 4001"));
        }
        assertThat(ends.poll(CLOSE_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS) == null, is(true));
    }

    @Test
    void serverCloseThatIsNeverAnsweredClosesTheSocketAfterTheWait() throws Exception {
        try (RawWsClient c = client(start())) {
            c.sendText("close-me");
            RawWsClient.Frame close = c.awaitClose().orElseThrow();
            assertThat(close.closeCode(), is(4000));
            assertThat(c.awaitEndOfStream(), is(true));
            assertThat(end(), is("server"));
        }
    }

    @Test
    void finAndResetEachEndTheConnectionOnce() throws Exception {
        URI uri = start();
        RawWsClient fin = client(uri);
        fin.sendText("x");
        fin.read();
        fin.drop();
        assertThat(end(), is("dropped"));
        RawWsClient reset = client(uri);
        reset.sendText("x");
        reset.read();
        reset.reset();
        assertThat(end(), is("dropped"));
        assertThat(ends.isEmpty(), is(true));
    }

    @Test
    void helidonsIdleTimerClosesWithACloseFrameAndABoundedWait() throws Exception {
        URI uri = start(new SocketLimits(65_536, Duration.ofMillis(300), CLOSE_WAIT, 1 << 20), Duration.ofMillis(300));
        try (RawWsClient c = client(uri)) {
            RawWsClient.Frame close = c.awaitClose().orElseThrow();
            assertThat(close.closeCode(), is(1000));
            assertThat(close.closeReason(), is("idle timeout"));
            assertThat(c.awaitEndOfStream(), is(true));
            assertThat(end(), is("idle"));
        }
    }

    @Test
    void protocolViolationsCloseWith1002() throws Exception {
        URI uri = start();
        try (RawWsClient c = client(uri)) {
            c.unmaskedFrame(RawWsClient.TEXT, utf8("plain"));
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1002));
        }
        try (RawWsClient c = client(uri)) {
            c.reservedBitsFrame(utf8("rsv"));
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1002));
        }
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.CONTINUATION, true, utf8("orphan"));
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1002));
        }
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.TEXT, false, utf8("one"));
            c.frame(RawWsClient.TEXT, true, utf8("two"));
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1002));
        }
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.PING, false, utf8("p"));
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1002));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(end(), is("protocol"));
        }
    }

    @Test
    void controlFramesBetweenFragmentsAreHandledAndTheMessageArrivesWhole() throws Exception {
        try (RawWsClient c = client(start())) {
            c.frame(RawWsClient.TEXT, false, utf8("frag"));
            c.frame(RawWsClient.PING, true, utf8("p1"));
            RawWsClient.Frame pong = c.read().orElseThrow();
            assertThat(pong.opcode(), is(RawWsClient.PONG));
            assertThat(pong.text(), is("p1"));
            c.frame(RawWsClient.CONTINUATION, true, utf8("ments"));
            assertThat(c.read().orElseThrow().text(), is("fragments"));
            assertThat(messages, is(List.of("fragments")));
        }
    }

    @Test
    void invalidUtf8AndOversizeEndWithTheirCodes() throws Exception {
        URI uri = start();
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.TEXT, false, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
            c.frame(RawWsClient.CONTINUATION, true, new byte[] {'b'});
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1007));
        }
        assertThat(end(), is("invalid_utf8"));
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.BINARY, true, new byte[65_537]);
            RawWsClient.Frame close = c.awaitClose().orElseThrow();
            assertThat(close.closeCode(), is(1009));
            assertThat(close.closeReason(), startsWith("message larger than 65536"));
            c.sendClose(1000);
            assertThat(c.awaitEndOfStream(), is(true));
        }
        assertThat(end(), is("oversize"));
        assertThat(messages.isEmpty(), is(true));
    }

    @Test
    void asciiTextArrivesAsBytesOtherTextDecoded() throws Exception {
        try (RawWsClient c = client(start())) {
            c.sendText("plain");
            assertThat(c.read().orElseThrow().text(), is("plain"));
            c.sendText("caf\u00e9 \u20ac");
            assertThat(c.read().orElseThrow().text(), is("caf\u00e9 \u20ac"));
            c.frame(RawWsClient.TEXT, false, utf8("frag"));
            c.frame(RawWsClient.CONTINUATION, true, utf8("ments, longer than eight bytes"));
            assertThat(c.read().orElseThrow().text(), is("fragments, longer than eight bytes"));
        }
        assertThat(asciiMessages, is(List.of("plain", "fragments, longer than eight bytes")));
        assertThat(messages, is(List.of("plain", "caf\u00e9 \u20ac", "fragments, longer than eight bytes")));
    }

    @Test
    void aByteOutsideAsciiThatIsNotUtf8EndsWith1007() throws Exception {
        URI uri = start();
        try (RawWsClient c = client(uri)) {
            c.frame(RawWsClient.TEXT, true, new byte[] {'{', '}', (byte) 0xFF, ' ', ' ', ' ', ' ', ' ', ' '});
            assertThat(c.awaitClose().orElseThrow().closeCode(), is(1007));
        }
        assertThat(end(), is("invalid_utf8"));
        assertThat(messages.isEmpty(), is(true));
    }

    @Test
    void aClientThatDoesNotReadIsAbortedAfterTheWriteTimeout() throws Exception {
        URI uri = start();
        try (RawWsClient c = RawWsClient.connectSmallWindow(uri, "unused", 4096)) {
            c.sendText("flood");
            assertThat(end(), is("stalled"));
            assertThat(c.awaitEndOfStream(), is(true));
        }
    }

    @Test
    void aLargeFrameArrivesWhole() throws Exception {
        URI uri = start(SocketLimits.of(16 * 1024 * 1024, Duration.ofSeconds(5)));
        try (RawWsClient c = client(uri)) {
            c.sendText("b".repeat(12 * 1024 * 1024));
            assertThat(c.read().orElseThrow().text(), is("length " + 12 * 1024 * 1024));
        }
    }

    @Test
    void otherListenersAreServedByHelidon() throws Exception {
        URI uri = start().resolve("/helidon");
        try (RawWsClient c = client(uri)) {
            c.sendText("raw");
            assertThat(c.read().orElseThrow().text(), is("helidon raw"));
        }
        assertThat(messages.isEmpty(), is(true));
    }
}
