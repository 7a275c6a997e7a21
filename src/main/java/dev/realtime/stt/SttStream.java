package dev.realtime.stt;

import java.util.Optional;

/**
 * One session's transcription. The session loop feeds it 16 kHz mono PCM16 samples and marks turn boundaries;
 * the session's STT loop takes the results ({@link #take()}). Audio between {@link #begin(String)} and
 * {@link #commit(String)} is one turn; audio fed after a commit belongs to the next turn and is never lost.
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
     * The next result, blocking until there is one. Called on the session's STT loop thread only; a streaming engine
     * does its own work on that thread while it waits (no thread relays its results).
     *
     * @return the event, or empty once the stream is closed
     * @throws InterruptedException when the loop thread is interrupted
     * @throws SttException         when the stream died and will give no more results (its {@link SttException#fault()}
     *                              says why); the owner closes it and opens a new one for later turns
     */
    Optional<SttEvent> take() throws InterruptedException;

    /** Releases upstream connections; pending turns are dropped. Any thread; idempotent. */
    @Override
    void close();
}
