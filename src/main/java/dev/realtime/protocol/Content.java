package dev.realtime.protocol;

import java.util.Optional;

/**
 * A content part of a message item.
 */
public sealed interface Content {

    /** The text this part contributes to the conversation (text, or audio transcript). */
    Optional<String> text();

    /**
     * User or system text.
     *
     * @param value the text
     */
    record InputText(String value) implements Content {
        @Override
        public Optional<String> text() {
            return Optional.of(value);
        }
    }

    /**
     * User audio.
     *
     * @param audio      base64 audio, when kept
     * @param transcript transcript, when known
     */
    record InputAudio(Optional<String> audio, Optional<String> transcript) implements Content {
        @Override
        public Optional<String> text() {
            return transcript;
        }
    }

    /**
     * A user image.
     *
     * @param imageUrl data URL
     * @param detail   detail level
     */
    record InputImage(String imageUrl, Optional<String> detail) implements Content {
        @Override
        public Optional<String> text() {
            return Optional.empty();
        }
    }

    /**
     * Assistant text.
     *
     * @param value the text
     */
    record OutputText(String value) implements Content {
        @Override
        public Optional<String> text() {
            return Optional.of(value);
        }
    }

    /**
     * Assistant audio, represented by its transcript.
     *
     * @param transcript transcript of the audio
     */
    record OutputAudio(String transcript) implements Content {
        @Override
        public Optional<String> text() {
            return Optional.of(transcript);
        }
    }
}
