package dev.realtime.stt;

import java.time.Duration;
import java.util.Optional;

/**
 * One session's transcription. The session loop feeds it 16 kHz mono PCM16 samples and marks turn boundaries;
 * a pull thread takes the results. Audio between {@link #begin(String)} and {@link #commit(String)} is one turn;
 * audio fed after a commit belongs to the next turn and is never lost.
 */
public interface SttStream extends AutoCloseable {
    /** Sample rate of the audio this stream takes. */
    int SAMPLE_RATE = 16_000;

    /**
     * Starts a turn: audio from now on belongs to this item. Session loop; never blocks.
     *
     * @param itemId the user item the audio will become
     */
    void begin(String itemId);

    /**
     * Audio of the current turn. Session loop; never blocks (streaming engines queue it for their sender).
     *
     * @param samples 16 kHz mono samples; the array is not kept after the call returns unless copied
     * @param count   number of samples to take from the start of the array
     */
    void audio(short[] samples, int count);

    /**
     * Ends the turn: its final transcript (or failure) will be reported for this item. Session loop; never blocks.
     *
     * @param itemId the committed item
     */
    void commit(String itemId);

    /** Drops the audio of the current, uncommitted turn. Session loop; never blocks. */
    void clear();

    /**
     * The next result, waiting at most the given time. Called on the session's STT pull thread.
     *
     * @param timeout longest wait
     * @return the event, or empty when none arrived in time
     * @throws InterruptedException when the pull thread is interrupted
     */
    Optional<SttEvent> poll(Duration timeout) throws InterruptedException;

    /** Releases upstream connections; pending turns are dropped. Any thread; idempotent. */
    @Override
    void close();
}
