package dev.realtime.stt.openai;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttQueue;
import dev.realtime.stt.SttStream;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * One session's turn-by-turn transcription: audio since the last commit (or clear) is buffered; a commit takes it
 * and uploads it on a new virtual thread. Uploads of successive turns run in parallel but their results are
 * published in commit order. {@link #begin}, {@link #audio}, {@link #commit}, {@link #clear}: session loop, never
 * block (a short lock guards the buffer); {@link #take}: the session's STT loop, which blocks on the queue the
 * upload threads publish into; {@link #close()}: any thread.
 */
final class OpenAiTranscriptionStream implements SttStream {

    /** 100 ms of 16 kHz PCM16: OpenAI rejects shorter files. */
    static final int MIN_BYTES = 3_200;
    /** Ten minutes of audio (19.2 MB), under the usual 25 MB upload limit; later audio of the turn is dropped. */
    static final int MAX_BYTES = 600 * 32_000;

    private final Uploader uploader;
    private final SttQueue events = new SttQueue();
    private final Set<Thread> uploads = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final TurnPcm turn = new TurnPcm(MAX_BYTES);
    private CompletableFuture<Void> published = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    OpenAiTranscriptionStream(Uploader uploader) {
        this.uploader = uploader;
    }

    @Override
    public void begin(String itemId) {
        Objects.requireNonNull(itemId, "itemId"); // the turn is everything since the last commit; commit names it
    }

    @Override
    public void audio(short[] samples, int count) {
        if (count <= 0) {
            return;
        }
        lock.lock();
        try {
            turn.add(samples, count);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commit(String itemId) {
        Objects.requireNonNull(itemId, "itemId");
        lock.lock();
        try {
            boolean tooShort = turn.bytes() < MIN_BYTES;
            List<byte[]> pcm = turn.take();
            if (closed) {
                return;
            }
            CompletableFuture<SttEvent> result = tooShort
                    ? CompletableFuture.completedFuture(new SttEvent.Completed(itemId, ""))
                    : CompletableFuture.supplyAsync(() -> upload(itemId, pcm), this::startUploadThread);
            published = published.thenCombine(result, (previous, event) -> event).thenAccept(this::publish);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            turn.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SttEvent> take() throws InterruptedException {
        return events.take();
    }

    @Override
    public void close() {
        closed = true;
        events.end();
        uploads.forEach(Thread::interrupt);
    }

    private SttEvent upload(String itemId, List<byte[]> pcm) {
        uploads.add(Thread.currentThread());
        try {
            return uploader.transcribe(itemId, pcm);
        } catch (RuntimeException e) {
            return SttEvent.Failed.upstream(itemId, Fault.of(FailureKind.STREAM_BROKEN, Causes.describe(e)));
        } finally {
            uploads.remove(Thread.currentThread());
        }
    }

    private void startUploadThread(Runnable task) {
        Thread.ofVirtual().name("openai-stt-upload").start(task);
    }

    /** One delta with the whole text, then the result (whisper-1 style); nothing once closed. */
    private void publish(SttEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof SttEvent.Completed done && !done.transcript().isEmpty()) {
            events.add(new SttEvent.Delta(done.itemId(), done.transcript()));
        }
        events.add(event);
    }
}
