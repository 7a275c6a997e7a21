package dev.realtime.tts;

/**
 * What a session asks of its speech.
 *
 * @param voice provider voice id, or an OpenAI voice name ({@code alloy}, {@code marin}...) that the engine maps
 *              to its configured default voice
 * @param speed speaking rate, 1.0 normal
 */
public record TtsOptions(String voice, double speed) {
}
