package dev.realtime.tts.openai;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.ErrorBody;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * One session's OpenAI-compatible speech: a request per piece. {@link #speak} runs on the response's TTS thread
 * and blocks while the body streams; {@link #cancel()} and {@link #close()} (any thread) abort the piece in
 * progress and return at once. A cancel affects only the piece in progress.
 */
final class OpenAiSpeechStream implements TtsStream {

    private static final int ERROR_BODY_LIMIT = 65_536;

    private final OpenAiTtsSettings settings;
    private final HttpClient client;
    private final SpeechRequest request;
    private final ReentrantLock lock = new ReentrantLock();
    private PieceInFlight current;
    private boolean closed;

    OpenAiSpeechStream(OpenAiTtsSettings settings, HttpClient client, SpeechRequest request) {
        this.settings = settings;
        this.client = client;
        this.request = request;
    }

    @Override
    public int sampleRate() {
        return OpenAiSpeechTts.SAMPLE_RATE;
    }

    @Override
    public void speak(String text, AudioSink sink) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        if (text.isBlank()) {
            return;
        }
        PieceInFlight piece = new PieceInFlight(settings.firstByteTimeout(), settings.idleTimeout());
        lock.lock();
        try {
            if (closed) {
                throw new TtsException(FailureKind.STREAM_BROKEN, "speech stream is closed");
            }
            current = piece;
        } finally {
            lock.unlock();
        }
        try {
            stream(piece, await(piece, client.sendAsync(request.build(text),
                                                        HttpResponse.BodyHandlers.ofInputStream())), sink);
        } finally {
            piece.finish();
            lock.lock();
            try {
                current = null;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            if (current != null) {
                current.cancel();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        cancel();
    }

    private HttpResponse<InputStream> await(PieceInFlight piece,
                                            CompletableFuture<HttpResponse<InputStream>> response) {
        try {
            CompletableFuture.anyOf(response, piece.cancelled())
                    .get(settings.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (piece.isCancelled()) {
                abort(response);
                throw TtsException.cancellation();
            }
            return response.get();
        } catch (TimeoutException e) {
            abort(response);
            throw timeout(piece);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw timeout(piece);
            }
            throw new TtsException(Fault.unanswered(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(response);
            throw TtsException.cancellation();
        }
    }

    private void stream(PieceInFlight piece, HttpResponse<InputStream> response, AudioSink sink) {
        InputStream body = response.body();
        piece.streaming(body);
        int status = response.statusCode();
        try (body) {
            if (status < 200 || status >= 300) {
                String text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
                throw new TtsException(Fault.status(status, ErrorBody.parse(text).message()));
            }
            SpeechDecoder decoder = SpeechDecoder.create(
                    response.headers().firstValue("Content-Type").orElse(""), OpenAiSpeechTts.SAMPLE_RATE);
            byte[] buffer = new byte[8_192];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                piece.progressed();
                checkCancelled(piece);
                decoder.accept(buffer, n, sink);
            }
            checkCancelled(piece);
            decoder.finish(sink);
        } catch (IOException e) {
            checkCancelled(piece);
            throw new TtsException(Fault.broken(e), e);
        }
    }

    private void checkCancelled(PieceInFlight piece) {
        if (piece.isCancelled()) {
            throw TtsException.cancellation();
        }
        if (piece.timedOut()) {
            throw timeout(piece);
        }
    }

    private TtsException timeout(PieceInFlight piece) {
        return new TtsException(FailureKind.TIMEOUT, piece.started()
                ? "the audio stopped for " + settings.idleTimeout().toMillis() + " ms"
                : "no audio within " + settings.firstByteTimeout().toMillis() + " ms of the request");
    }

    private static void abort(CompletableFuture<HttpResponse<InputStream>> response) {
        response.cancel(true);
        response.thenAccept(r -> {
            try {
                r.body().close();
            } catch (IOException ignored) {
                // aborting
            }
        });
    }
}
