package dev.realtime.tts.deepgram;

/**
 * What arrives for the speaking thread: messages of a socket (tagged with its generation, so those of a dropped
 * socket can be ignored) and the wake-up of a cancel. Posted from the HTTP client's threads and from
 * {@code cancel()}; taken by the thread in {@code speak}.
 */
sealed interface SpeakEvent {

    /** A binary audio frame (or fragment). */
    record Audio(int generation, byte[] pcm) implements SpeakEvent {
    }

    /** A JSON text message. */
    record Text(int generation, String json) implements SpeakEvent {
    }

    /** The socket closed or failed. */
    record Dropped(int generation, String why) implements SpeakEvent {
    }

    /** {@code cancel()} was called during a piece. */
    record Cancel() implements SpeakEvent {
    }
}
