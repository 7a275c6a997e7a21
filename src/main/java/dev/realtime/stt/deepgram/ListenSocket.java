package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One WebSocket to {@code /v1/listen} (JDK client). Sends are called on the stream's worker thread only, one at a
 * time, each awaited; incoming messages and the close are posted to the worker's inbox from the HTTP client's
 * threads.
 */
final class ListenSocket {

    private static final int BYTES_PER_SECOND = 32_000;

    private final WebSocket ws;
    private final int generation;
    private final Duration sendTimeout;
    private long bytesSent;

    private ListenSocket(WebSocket ws, int generation, Duration sendTimeout) {
        this.ws = ws;
        this.generation = generation;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Connects; blocks the calling (worker) thread for at most {@code timeout}.
     *
     * @throws UpstreamFailure when the handshake fails or times out
     */
    static ListenSocket connect(HttpClient client, URI uri, String apiKey, Duration timeout, int generation,
                                Consumer<Command> inbox) {
        CompletableFuture<WebSocket> future = client.newWebSocketBuilder()
                .header("Authorization", "Token " + apiKey)
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener(generation, inbox));
        try {
            return new ListenSocket(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS), generation, timeout);
        } catch (TimeoutException e) {
            future.thenAccept(WebSocket::abort);
            throw new UpstreamFailure("upstream_timeout", "Deepgram did not accept the connection within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw refused(uri, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.thenAccept(WebSocket::abort);
            throw new UpstreamFailure("upstream_error", "Interrupted while connecting to Deepgram", e);
        }
    }

    int generation() {
        return generation;
    }

    /** @return seconds of audio sent on this connection: Deepgram's result timestamps count from here */
    double secondsSent() {
        return (double) bytesSent / BYTES_PER_SECOND;
    }

    void sendAudio(byte[] pcm) {
        await(ws.sendBinary(ByteBuffer.wrap(pcm), true), "audio");
        bytesSent += pcm.length;
    }

    /** @param type {@code KeepAlive}, {@code Finalize} or {@code CloseStream} */
    void sendControl(String type) {
        await(ws.sendText("{\"type\":\"" + type + "\"}", true), type);
    }

    void abort() {
        ws.abort();
    }

    private void await(CompletableFuture<WebSocket> send, String what) {
        try {
            send.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ws.abort();
            throw new UpstreamFailure("upstream_timeout", "Sending " + what + " to Deepgram stalled for "
                    + sendTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new UpstreamFailure("upstream_error", "Sending " + what + " to Deepgram failed: " + e.getCause(),
                                      e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            throw new UpstreamFailure("upstream_error", "Interrupted while sending to Deepgram", e);
        }
    }

    private static UpstreamFailure refused(URI uri, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            var response = handshake.getResponse();
            int status = response.statusCode();
            StringBuilder message = new StringBuilder("Deepgram refused the connection: HTTP ").append(status);
            response.headers().firstValue("dg-error").ifPresent(e -> message.append(" (").append(e).append(')'));
            response.headers().firstValue("dg-request-id")
                    .ifPresent(id -> message.append(", request id ").append(id));
            return new UpstreamFailure(status == 429 ? "rate_limit_exceeded" : "upstream_error", message.toString(),
                                       cause);
        }
        return new UpstreamFailure("upstream_error", "Deepgram unreachable at " + uri.getAuthority() + ": "
                + cause, cause);
    }

    /** Reassembles text messages and reports them, and the close, to the worker. HTTP client threads. */
    private static final class Listener implements WebSocket.Listener {
        private final int generation;
        private final Consumer<Command> inbox;
        private final StringBuilder text = new StringBuilder();

        Listener(int generation, Consumer<Command> inbox) {
            this.generation = generation;
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.accept(new Command.Received(generation, text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.accept(new Command.Dropped(generation, "closed " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.accept(new Command.Dropped(generation, "failed: " + error));
        }
    }
}
