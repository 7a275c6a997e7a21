package dev.realtime.tts.deepgram;

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

import dev.realtime.tts.TtsException;

/**
 * One WebSocket to {@code /v1/speak} (JDK client). Text sends are made by the speaking thread only, one at a
 * time, each awaited; {@link #close()} and {@link #abort()} may come from any thread. Incoming messages and the
 * close are posted to the stream's inbox from the HTTP client's threads.
 */
final class SpeakSocket {

    private final WebSocket ws;
    private final int generation;
    private final Duration sendTimeout;

    private SpeakSocket(WebSocket ws, int generation, Duration sendTimeout) {
        this.ws = ws;
        this.generation = generation;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Connects; blocks the calling thread for at most {@code timeout}, or until {@code cancelled} completes.
     *
     * @return the socket, or {@code null} only when cancelled (then the caller throws the cancellation)
     * @throws TtsException when the handshake fails or times out
     */
    static SpeakSocket connect(HttpClient client, URI uri, String apiKey, Duration timeout, int generation,
                               Consumer<SpeakEvent> inbox, CompletableFuture<Void> cancelled) {
        CompletableFuture<WebSocket> future = client.newWebSocketBuilder()
                .header("Authorization", "Token " + apiKey)
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener(generation, inbox));
        try {
            CompletableFuture.anyOf(future, cancelled).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!future.isDone()) {
                future.thenAccept(WebSocket::abort);
                return null;
            }
            return new SpeakSocket(future.get(), generation, timeout);
        } catch (TimeoutException e) {
            future.thenAccept(WebSocket::abort);
            throw new TtsException("Deepgram did not accept the connection within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw refused(uri, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.thenAccept(WebSocket::abort);
            throw new TtsException("Interrupted while connecting to Deepgram", e);
        }
    }

    int generation() {
        return generation;
    }

    /** Sends one JSON text message and waits until it is written. */
    void send(String json) {
        try {
            ws.sendText(json, true).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ws.abort();
            throw new TtsException("Sending to Deepgram stalled for " + sendTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            ws.abort();
            throw new TtsException("Sending to Deepgram failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            throw new TtsException("Interrupted while sending to Deepgram", e);
        }
    }

    /** Starts a normal close (1000); the connection is aborted if Deepgram does not answer within the timeout. */
    void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "")
                .orTimeout(sendTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((w, e) -> {
                    if (e != null) {
                        ws.abort();
                    }
                });
    }

    void abort() {
        ws.abort();
    }

    private static TtsException refused(URI uri, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            var response = handshake.getResponse();
            StringBuilder message = new StringBuilder("Deepgram refused the connection: HTTP ")
                    .append(response.statusCode());
            response.headers().firstValue("dg-error").ifPresent(e -> message.append(" (").append(e).append(')'));
            response.headers().firstValue("dg-request-id")
                    .ifPresent(id -> message.append(", request id ").append(id));
            return new TtsException(message.toString(), cause);
        }
        return new TtsException("Deepgram unreachable at " + uri.getAuthority() + ": " + cause, cause);
    }

    /** Reassembles text messages and posts them, audio and the close to the inbox. HTTP client threads. */
    private static final class Listener implements WebSocket.Listener {
        private final int generation;
        private final Consumer<SpeakEvent> inbox;
        private final StringBuilder text = new StringBuilder();

        Listener(int generation, Consumer<SpeakEvent> inbox) {
            this.generation = generation;
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.accept(new SpeakEvent.Text(generation, text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] pcm = new byte[data.remaining()];
            data.get(pcm);
            inbox.accept(new SpeakEvent.Audio(generation, pcm));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.accept(new SpeakEvent.Dropped(generation, "closed " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.accept(new SpeakEvent.Dropped(generation, "failed: " + error));
        }
    }
}
