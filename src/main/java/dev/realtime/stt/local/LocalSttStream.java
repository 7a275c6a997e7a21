package dev.realtime.stt.local;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttQueue;
import dev.realtime.stt.SttStream;

/**
 * One session's local transcription. The session loop buffers each turn's audio here ({@link #audio}) and
 * {@link #commit} hands the turn to this stream's own virtual thread, which decodes turns one after another in
 * commit order with a pooled decoder and queues the results for {@link #take} (the session's STT loop). So
 * results arrive in commit order, and one session holds at most one decoder at a time.
 *
 * <p>{@link #begin} only names the turn: audio received since the previous commit (or clear) already belongs to
 * it, so audio after a commit is never lost. A commit with no audio completes with an empty transcript without
 * decoding.
 */
final class LocalSttStream implements SttStream {

    private final DecoderPool pool;
    private final Duration decoderWait;
    private final TurnSamples turn;
    private final SttQueue events = new SttQueue();
    private final ExecutorService decoding = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("stt-local").factory());
    private volatile boolean closed;

    LocalSttStream(DecoderPool pool, Duration decoderWait, int maxTurnSamples) {
        this.pool = pool;
        this.decoderWait = decoderWait;
        this.turn = new TurnSamples(maxTurnSamples);
    }

    @Override
    public void begin(String itemId) {
        // nothing to do: the turn's audio is whatever arrived since the last commit or clear
    }

    @Override
    public void audio(short[] samples, int count) {
        if (!closed) {
            turn.append(samples, count);
        }
    }

    @Override
    public void commit(String itemId) {
        short[] samples = turn.take();
        if (closed) {
            return;
        }
        try {
            decoding.execute(() -> transcribe(itemId, samples));
        } catch (RejectedExecutionException e) {
            // closed meanwhile: pending turns are dropped
        }
    }

    @Override
    public void clear() {
        turn.clear();
    }

    @Override
    public Optional<SttEvent> take() throws InterruptedException {
        return events.take();
    }

    @Override
    public void close() {
        closed = true;
        decoding.shutdownNow();
        events.end();
    }

    /** Runs on this stream's decoding virtual thread. */
    private void transcribe(String itemId, short[] samples) {
        if (samples.length == 0) {
            emit(new SttEvent.Completed(itemId, ""));
            return;
        }
        try {
            String text = pool.transcribe(samples, samples.length, decoderWait);
            TurnResults.of(itemId, text, samples).forEach(this::emit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: the turn is dropped
        } catch (RuntimeException e) {
            emit(TurnResults.failed(itemId, e));
        }
    }

    private void emit(SttEvent event) {
        events.add(event);
    }
}
