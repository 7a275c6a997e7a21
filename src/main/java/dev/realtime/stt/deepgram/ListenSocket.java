package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.realtime.upstream.Causes;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamException;
import dev.realtime.upstream.WebSockets;

/**
 * One WebSocket to {@code /v1/listen} (JDK client). Sends are made on the stream's STT loop thread only, one at a
 * time, each awaited; incoming messages and the close are posted to the stream's inbox from the HTTP client's
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
     * Connects; blocks the calling (STT loop) thread for at most {@code timeout}.
     *
     * @throws UpstreamException when the handshake fails or times out
     */
    static ListenSocket connect(HttpClient client, URI uri, String apiKey, Duration timeout, int generation,
                                Consumer<Command> inbox) {
        WebSocket ws = WebSockets.connect(client, uri, "Token " + apiKey, timeout, new Events(generation, inbox));
        return new ListenSocket(ws, generation, timeout);
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
            throw new UpstreamException(Fault.of(FailureKind.TIMEOUT, "sending " + what + " stalled for "
                    + sendTimeout.toMillis() + " ms"), e);
        } catch (ExecutionException e) {
            throw new UpstreamException(Fault.of(FailureKind.STREAM_BROKEN, "sending " + what + " failed: "
                    + Causes.describe(e.getCause())), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            throw new UpstreamException(Fault.of(FailureKind.STREAM_BROKEN, "interrupted while sending " + what), e);
        }
    }

    /** Posts what the socket reports to the stream's inbox, tagged with the socket's generation. */
    private record Events(int generation, Consumer<Command> inbox) implements WebSockets.Events {
        @Override
        public void text(String message) {
            inbox.accept(new Command.Received(generation, message));
        }

        @Override
        public void binary(byte[] data) {
            // listen v1 sends only text
        }

        @Override
        public void closed(String why) {
            inbox.accept(new Command.Dropped(generation, why));
        }
    }
}
