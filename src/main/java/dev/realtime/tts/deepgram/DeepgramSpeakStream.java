package dev.realtime.tts.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.FailureKind;

/**
 * One session's Deepgram speech: one speak v1 socket, reused by every piece. {@link #speak} runs on the
 * response's TTS thread and blocks until the piece's {@code Flushed}; {@link #cancel()} and {@link #close()} (any
 * thread) only signal the piece in progress and return at once. A cancel affects only the piece in progress: a
 * {@code speak} begun after it speaks normally.
 */
final class DeepgramSpeakStream implements TtsStream {

    private final int sampleRate;
    private final SpeakConnection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private CompletableFuture<Void> piece;
    private boolean closed;

    DeepgramSpeakStream(DeepgramTtsSettings settings, HttpClient client, URI uri) {
        this.sampleRate = settings.sampleRate();
        this.connection = new SpeakConnection(settings, client, uri);
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void speak(String text, AudioSink sink) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                throw new TtsException(FailureKind.STREAM_BROKEN, "speech stream is closed");
            }
            if (piece != null) {
                throw new IllegalStateException("speak is already running on another thread");
            }
            piece = cancelled;
        } finally {
            lock.unlock();
        }
        try {
            if (!text.isBlank()) {
                connection.speak(text, sink, cancelled);
            }
        } finally {
            lock.lock();
            try {
                piece = null;
                if (closed) {
                    connection.closeSocket();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            if (piece != null && piece.complete(null)) {
                connection.wake();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (piece != null) {
                piece.complete(null);
                connection.wake();
            } else {
                connection.closeSocket();
            }
        } finally {
            lock.unlock();
        }
    }
}
