package dev.realtime.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens upstream WebSockets (JDK client) and reports what arrives on them to an {@link Events} sink: whole text
 * messages, binary frames, and the end of the socket in words. A refused or failed handshake becomes an
 * {@link UpstreamException} with the HTTP status and the provider's reason. Connecting blocks the calling thread;
 * events are reported on the HTTP client's threads.
 */
public final class WebSockets {

    private WebSockets() {
    }

    /** What a socket reports. Called on the HTTP client's threads, one call at a time per socket. */
    public interface Events {
        /** A complete text message. */
        void text(String message);

        /** A binary frame (or part of one), as it arrived. */
        void binary(byte[] data);

        /** The socket closed or failed; {@code why} says how, in words. */
        void closed(String why);
    }

    /**
     * Connects, waiting at most {@code timeout}.
     *
     * @param authorization the {@code Authorization} header value
     * @return the open socket
     * @throws UpstreamException when the handshake is refused, fails or takes too long
     */
    public static WebSocket connect(HttpClient client, URI uri, String authorization, Duration timeout,
                                    Events events) {
        return connect(client, uri, authorization, timeout, events, new CompletableFuture<>()).orElseThrow();
    }

    /**
     * Connects, waiting at most {@code timeout} or until {@code cancelled} completes.
     *
     * @param authorization the {@code Authorization} header value
     * @param cancelled     completes when the caller no longer wants the socket
     * @return the open socket, or empty when cancelled first (a socket that opens later is aborted)
     * @throws UpstreamException when the handshake is refused, fails or takes too long
     */
    public static Optional<WebSocket> connect(HttpClient client, URI uri, String authorization, Duration timeout,
                                              Events events, CompletableFuture<?> cancelled) {
        CompletableFuture<WebSocket> future = client.newWebSocketBuilder()
                .header("Authorization", authorization)
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener(events));
        try {
            CompletableFuture.anyOf(future, cancelled).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!future.isDone()) {
                future.thenAccept(WebSocket::abort);
                return Optional.empty();
            }
            return Optional.of(future.get());
        } catch (TimeoutException e) {
            future.thenAccept(WebSocket::abort);
            throw new UpstreamException(Fault.of(FailureKind.TIMEOUT, "no connection within " + timeout.toMillis()
                    + " ms"), e);
        } catch (ExecutionException e) {
            throw refused(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.thenAccept(WebSocket::abort);
            throw new UpstreamException(Fault.of(FailureKind.UNREACHABLE, "interrupted while connecting"), e);
        }
    }

    private static UpstreamException refused(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            var response = handshake.getResponse();
            String reason = response.headers().firstValue("dg-error")
                    .or(() -> Optional.ofNullable(response.body()).map(Object::toString).filter(b -> !b.isBlank())
                            .map(b -> ErrorBody.parse(b).message()))
                    .orElse("upgrade refused");
            String id = response.headers().firstValue("dg-request-id").map(r -> " (request id " + r + ")").orElse("");
            return new UpstreamException(Fault.status(response.statusCode(), reason + id), cause);
        }
        return new UpstreamException(Fault.unanswered(cause), cause);
    }

    /** Reassembles text messages and reports them, binary frames and the end. HTTP client threads. */
    private static final class Listener implements WebSocket.Listener {
        private final Events events;
        private final StringBuilder text = new StringBuilder();

        Listener(Events events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.text(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            events.binary(bytes);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            String why = reason == null || reason.isBlank() ? "" : " " + reason;
            events.closed(statusCode == WebSocket.NORMAL_CLOSURE && why.isEmpty() ? "connection closed"
                                  : "connection closed with " + statusCode + why);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.closed(Causes.describe(error));
        }
    }
}
