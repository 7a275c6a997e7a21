package dev.realtime.protocol;

import java.util.Optional;

/**
 * Input audio transcription settings ({@code audio.input.transcription}).
 *
 * @param model    transcription model the client named; any value is accepted
 * @param language ISO-639-1 language hint
 * @param prompt   vocabulary hint
 */
public record Transcription(String model, Optional<String> language, Optional<String> prompt) {
}
