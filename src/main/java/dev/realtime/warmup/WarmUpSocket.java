package dev.realtime.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One warm-up session's WebSocket to the engine (JDK client), or a warm-up phone call's Twilio Media Stream: sends
 * on the session's thread, queues the server's events as JSON trees for it. Sends are awaited one at a time, as the
 * JDK client requires.
 */
final class WarmUpSocket implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CLOSED = "the engine closed the session: ";
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WarmUpSocket(HttpClient client, URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
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
        return new WarmUpSocket(client, uri, beta
                ? Map.of("Authorization", "Bearer " + token, "OpenAI-Beta", "realtime=v1")
                : Map.of("Authorization", "Bearer " + token));
    }

    /**
     * Connects a Twilio Media Stream (the training engine has {@code TWILIO_ENABLED} and no auth token, so no
     * signature); on the caller's thread.
     *
     * @param client shared HTTP client
     * @param uri    {@code ws://127.0.0.1:PORT/telephony/twilio/media}
     * @return the open socket
     */
    static WarmUpSocket openStream(HttpClient client, URI uri) {
        return new WarmUpSocket(client, uri, Map.of());
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

    /** @return whether the event is the warm-up's own news that the engine closed the socket */
    static boolean isClosed(JsonNode event) {
        return event.path("error").path("message").asText().startsWith(CLOSED);
    }

    /** An {@code error} event of the warm-up's own, for what the engine cannot say itself. */
    private static JsonNode problem(String message) {
        ObjectNode event = MAPPER.createObjectNode().put("type", "error");
        event.putObject("error").put("message", message);
        return event;
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
                    events.add(problem("an unreadable event: " + e.getOriginalMessage()));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(problem(CLOSED + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(problem("the session's socket failed: " + error));
        }
    }
}
