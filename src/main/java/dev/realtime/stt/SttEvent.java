package dev.realtime.stt;

/**
 * What a transcription stream reports, tagged with the conversation item the audio belongs to.
 */
public sealed interface SttEvent {
    /** The item id. */
    String itemId();

    /**
     * Interim text of a turn still in progress; later deltas extend it (the client concatenates deltas).
     *
     * @param itemId item id
     * @param delta  new text
     */
    record Delta(String itemId, String delta) implements SttEvent {
    }

    /**
     * The final transcript of a committed turn.
     *
     * @param itemId     item id
     * @param transcript full text, possibly empty for silence
     */
    record Completed(String itemId, String transcript) implements SttEvent {
    }

    /**
     * The turn could not be transcribed.
     *
     * @param itemId  item id
     * @param code    error code, such as {@code audio_unintelligible} or {@code upstream_error}
     * @param message human-readable message
     */
    record Failed(String itemId, String code, String message) implements SttEvent {
    }
}
