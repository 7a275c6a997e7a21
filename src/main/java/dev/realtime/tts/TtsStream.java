package dev.realtime.tts;

/**
 * One session's speech synthesis. Pieces of text are spoken one after another by the response's TTS thread;
 * {@link #cancel()} stops the piece in progress at once (barge-in).
 */
public interface TtsStream extends AutoCloseable {
    /** Sample rate of the PCM this stream delivers. */
    int sampleRate();

    /**
     * Speaks one piece of text, handing audio to the sink as it arrives, and returns when the piece's audio is
     * complete. Called on the response's TTS thread; blocks.
     *
     * @param text plain text of one speakable piece (no markdown)
     * @param sink receives the audio
     * @throws TtsException when synthesis fails; {@link TtsException#cancelled()} after {@link #cancel()}
     */
    void speak(String text, AudioSink sink);

    /** Stops the piece being spoken and drops its remaining audio. Any thread; returns at once. */
    void cancel();

    /** Releases the upstream connection or process. Any thread; idempotent. */
    @Override
    void close();
}
