package dev.realtime.tts.openai;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;


import dev.realtime.upstream.UpstreamHttp;

/**
 * Builds the {@code /audio/speech} request of one piece from parts made once (endpoint, version, timeout, headers);
 * the body is written straight to bytes. Immutable; any thread.
 */
final class SpeechRequest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenAiTtsSettings settings;
    private final String voice;
    private final double speed;
    /** Never changed after the constructor; each request starts from a copy. */
    private final HttpRequest.Builder template;

    SpeechRequest(OpenAiTtsSettings settings, String voice, double speed) {
        this.settings = settings;
        this.voice = voice;
        this.speed = speed;
        this.template = UpstreamHttp.request(settings.endpoint())
                .timeout(settings.firstByteTimeout())
                .header("Content-Type", "application/json");
        settings.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> template.header("Authorization", "Bearer " + k));
    }

    HttpRequest build(String text) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(MAPPER.createObjectNode()
                                                    .put("model", settings.model())
                                                    .put("input", text)
                                                    .put("voice", voice)
                                                    .put("response_format", "pcm")
                                                    .put("speed", speed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        return template.copy().POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
