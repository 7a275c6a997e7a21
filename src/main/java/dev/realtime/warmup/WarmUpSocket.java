package dev.realtime.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One warm-up session's WebSocket to the engine (JDK client): sends on the session's thread, queues the server's
 * events as JSON trees for it. Sends are awaited one at a time, as the JDK client requires.
 */
final class WarmUpSocket implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WarmUpSocket(HttpClient client, URI uri, String token, boolean beta) {
        WebSocket.Builder builder = client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10));
        if (beta) {
            builder.header("OpenAI-Beta", "realtime=v1");
        }
        socket = builder.buildAsync(uri, new Listener()).join();
    }

    /**
     * Connects; on the caller's thread.
     *
     * @param client shared HTTP client
     * @param uri    {@code ws://127.0.0.1:PORT/v1/realtime}
     * @param token  a minted {@code ek_} token
     * @param beta   whether to speak the beta dialect ({@code OpenAI-Beta: realtime=v1})
     * @return the open socket
     */
    static WarmUpSocket open(HttpClient client, URI uri, String token, boolean beta) {
        return new WarmUpSocket(client, uri, token, beta);
    }

    /** Sends one text message and waits until the client has written it. */
    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Sends a JSON tree. */
    void send(JsonNode json) {
        send(json.toString());
    }

    /**
     * @param millis the longest wait
     * @return the next server event, or empty when none came in time
     */
    Optional<JsonNode> next(long millis) throws InterruptedException {
        return Optional.ofNullable(events.poll(Math.max(0, millis), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up done").orTimeout(2, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        socket.abort();
    }

    /** Runs on the JDK client's threads; one message at a time. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    events.add(MAPPER.readTree(text.toString()));
                } catch (JsonProcessingException e) {
                    events.add(MAPPER.createObjectNode().put("type", "warm-up.unreadable"));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
