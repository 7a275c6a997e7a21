package dev.realtime.stt;

import java.util.Optional;

import dev.realtime.upstream.Fault;

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
     * @param code    error code: {@code upstream_<kind>} when the provider failed, otherwise such as
     *                {@code audio_unintelligible}
     * @param message human-readable message, without Java class names
     * @param fault   what went wrong upstream, when the provider failed (rather than the audio)
     */
    record Failed(String itemId, String code, String message, Optional<Fault> fault) implements SttEvent {
        /** The code of loud audio that yielded no words: noise, not a failure of the transcriber. */
        public static final String UNINTELLIGIBLE = "audio_unintelligible";

        /** A turn the engine could not transcribe although no provider failed (unintelligible audio, no engine). */
        public Failed(String itemId, String code, String message) {
            this(itemId, code, message, Optional.empty());
        }

        /**
         * @param itemId item id
         * @param fault  what went wrong upstream
         * @return the failure, its code {@code upstream_<kind>} and its message the fault's text
         */
        public static Failed upstream(String itemId, Fault fault) {
            return new Failed(itemId, fault.kind().errorCode(), fault.text(), Optional.of(fault));
        }

        /** Whether the audio, not the transcription, is to blame: the turn counts as noise. */
        public boolean unintelligible() {
            return UNINTELLIGIBLE.equals(code);
        }
    }
}
