package dev.realtime.tts.openai;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.upstream.UpstreamHttp;

/**
 * Builds the {@code /audio/speech} request of one piece. Immutable; any thread.
 */
final class SpeechRequest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenAiTtsSettings settings;
    private final String voice;
    private final double speed;

    SpeechRequest(OpenAiTtsSettings settings, String voice, double speed) {
        this.settings = settings;
        this.voice = voice;
        this.speed = speed;
    }

    HttpRequest build(String text) {
        String body = MAPPER.createObjectNode()
                .put("model", settings.model())
                .put("input", text)
                .put("voice", voice)
                .put("response_format", "pcm")
                .put("speed", speed)
                .toString();
        HttpRequest.Builder builder = UpstreamHttp.request(settings.endpoint())
                .timeout(settings.firstByteTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        settings.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> builder.header("Authorization", "Bearer " + k));
        return builder.build();
    }
}
