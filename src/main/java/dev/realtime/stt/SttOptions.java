package dev.realtime.stt;

import java.util.Optional;

/**
 * What a session asks of its transcription.
 *
 * @param model    the transcription model the client named (engines may ignore it and use their own)
 * @param language ISO-639-1 language hint
 * @param prompt   vocabulary hint
 */
public record SttOptions(Optional<String> model, Optional<String> language, Optional<String> prompt) {
    /** No hints. */
    public static SttOptions none() {
        return new SttOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
