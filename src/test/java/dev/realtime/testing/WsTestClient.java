package dev.realtime.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain JDK WebSocket client that records every server event, for integration tests. Waiting methods block up to
 * a timeout and fail the test when the awaited event does not come.
 */
public final class WsTestClient implements AutoCloseable {
    /** How long a test waits for one event: generous, because offline speech is slow on a loaded 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    private WsTestClient(HttpClient http, URI uri, Map<String, String> headers, List<String> subprotocols) {
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(),
                                 subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        ws = builder.buildAsync(uri, new Listener()).join();
    }

    /** Connects with {@code Authorization: Bearer token}. */
    public static WsTestClient connect(URI uri, String token) {
        return new WsTestClient(HttpClient.newHttpClient(), uri, Map.of("Authorization", "Bearer " + token), List.of());
    }

    /** Connects with the given headers and subprotocols. */
    public static WsTestClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        return new WsTestClient(HttpClient.newHttpClient(), uri, headers, subprotocols);
    }

    /** Connects through the given HTTP client (a {@code wss://} URI needs one that trusts the server). */
    public static WsTestClient connect(HttpClient http, URI uri, Map<String, String> headers,
                                       List<String> subprotocols) {
        return new WsTestClient(http, uri, headers, subprotocols);
    }

    /**
     * Attempts an upgrade that the server must refuse; fails the test when it is accepted.
     *
     * @return the server's HTTP answer to the upgrade request
     */
    public static HttpResponse<?> refused(HttpClient http, URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() { }).join();
            ws.abort();
            throw new AssertionError("the upgrade to " + uri + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw e;
        }
    }

    /** The subprotocol the server selected. */
    public String subprotocol() {
        return ws.getSubprotocol();
    }

    /** Sends one text message. */
    public WsTestClient send(String json) {
        ws.sendText(json, true).join();
        return this;
    }

    /** Sends one client event. */
    public WsTestClient send(Events event) {
        return send(event.toString());
    }

    /** Sends a message in fragments of the given size. */
    public WsTestClient sendFragmented(String json, int fragment) {
        for (int i = 0; i < json.length(); i += fragment) {
            int end = Math.min(json.length(), i + fragment);
            ws.sendText(json.substring(i, end), end == json.length()).join();
        }
        return this;
    }

    /** Sends one binary message. */
    public WsTestClient sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /**
     * Sends a message in fragments until the server closes the connection (a server that refuses a message may
     * close while fragments are still being sent).
     */
    public void sendFragmentedUntilClosed(String json, int fragment) {
        try {
            sendFragmented(json, fragment);
        } catch (CompletionException e) {
            if (!ws.isOutputClosed() && !ws.isInputClosed() && !closed.isDone()) {
                throw e;
            }
        }
    }

    /** Sends a ping. */
    public void ping(byte[] payload) {
        ws.sendPing(ByteBuffer.wrap(payload)).join();
    }

    /** Waits for a pong. */
    public ByteBuffer awaitPong() throws InterruptedException {
        ByteBuffer pong = pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (pong == null) {
            throw new AssertionError("no pong within " + WAIT);
        }
        return pong;
    }

    /** The next event, whatever its type. */
    public JsonNode next() throws InterruptedException {
        JsonNode event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + WAIT + "; seen: " + types());
        }
        seen.add(event);
        return event;
    }

    /** Skips events until one of the given type arrives; returns it. */
    public JsonNode await(String type) throws InterruptedException {
        return await(e -> type.equals(e.path("type").asText()), type);
    }

    /** Skips events until one matches; returns it. */
    public JsonNode await(Predicate<JsonNode> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (match.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT + "; seen: " + types());
    }

    /** Collects events up to and including the first of the given type. */
    public List<JsonNode> until(String type) throws InterruptedException {
        List<JsonNode> list = new ArrayList<>();
        JsonNode event;
        do {
            event = next();
            list.add(event);
        } while (!type.equals(event.path("type").asText()));
        return list;
    }

    /** Whether an event arrives within the given time (used after a terminal event to prove silence). */
    public List<JsonNode> drain(Duration quiet) throws InterruptedException {
        List<JsonNode> extra = new ArrayList<>();
        JsonNode event;
        while ((event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            extra.add(event);
        }
        return extra;
    }

    /** Waits for the server to close; returns the close code. */
    public int awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)[0];
    }

    /** Whether the connection closes within the given time. */
    public boolean closedWithin(Duration time) throws Exception {
        try {
            closed.get(time.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The close reason, after {@link #awaitClose()}. */
    public String closeReason() throws Exception {
        return closeReason.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the connection is still open. */
    public boolean open() {
        return !closed.isDone() && !ws.isInputClosed();
    }

    /** Types of the events seen so far. */
    public List<String> types() {
        return seen.stream().map(e -> e.path("type").asText()).toList();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    events.add(MAPPER.readTree(text.toString()));
                } catch (Exception e) {
                    throw new AssertionError("server sent invalid JSON: " + text, e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new int[] {statusCode});
            closeReason.complete(reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new int[] {-1});
            closeReason.complete(String.valueOf(error));
        }
    }
}
