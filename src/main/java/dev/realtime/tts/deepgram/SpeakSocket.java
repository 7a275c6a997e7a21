package dev.realtime.tts.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.realtime.tts.TtsException;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamException;
import dev.realtime.upstream.WebSockets;

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
     * @return the socket, or empty only when cancelled (then the caller throws the cancellation)
     * @throws TtsException when the handshake fails or times out
     */
    static Optional<SpeakSocket> connect(HttpClient client, URI uri, String apiKey, Duration timeout, int generation,
                                         Consumer<SpeakEvent> inbox, CompletableFuture<Void> cancelled) {
        try {
            return WebSockets.connect(client, uri, "Token " + apiKey, timeout, new Events(generation, inbox), cancelled)
                    .map(ws -> new SpeakSocket(ws, generation, timeout));
        } catch (UpstreamException e) {
            throw new TtsException(e.fault(), e);
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
            throw new TtsException(Fault.of(FailureKind.TIMEOUT, "sending stalled for " + sendTimeout.toMillis()
                    + " ms"), e);
        } catch (ExecutionException e) {
            ws.abort();
            throw new TtsException(Fault.broken(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            throw TtsException.cancellation();
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

    /** Posts what the socket reports to the stream's inbox, tagged with the socket's generation. */
    private record Events(int generation, Consumer<SpeakEvent> inbox) implements WebSockets.Events {
        @Override
        public void text(String message) {
            inbox.accept(new SpeakEvent.Text(generation, message));
        }

        @Override
        public void binary(byte[] data) {
            inbox.accept(new SpeakEvent.Audio(generation, data));
        }

        @Override
        public void closed(String why) {
            inbox.accept(new SpeakEvent.Dropped(generation, why));
        }
    }
}
