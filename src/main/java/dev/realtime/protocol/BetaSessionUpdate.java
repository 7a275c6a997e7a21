package dev.realtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The beta spelling of {@code session.update} and {@code transcription_session.update}. Pure.
 */
final class BetaSessionUpdate {
    private BetaSessionUpdate() {
    }

    static void apply(SessionConfigBuilder b, ObjectNode session) {
        for (Map.Entry<String, JsonNode> e : session.properties()) {
            String p = "session." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "model" -> b.model = Fields.string(v, p);
                case "instructions" -> b.instructions = Fields.string(v, p);
                case "modalities" -> b.outputModalities = modalities(v, p);
                case "voice" -> b.voice = SessionFields.voice(v, p);
                case "speed" -> b.speed = Fields.number(v, p, 0.25, 1.5);
                case "input_audio_format" -> b.inputFormat = format(v, p);
                case "output_audio_format" -> b.outputFormat = format(v, p);
                case "input_audio_transcription" -> b.transcription = SessionFields.transcription(v, p);
                case "input_audio_noise_reduction" -> b.noiseReduction = SessionFields.noiseReduction(v, p);
                case "turn_detection" -> b.turnDetection = SessionFields.turnDetection(b.turnDetection, v, p);
                case "tools" -> b.tools = SessionFields.tools(v, p);
                case "tool_choice" -> b.toolChoice = SessionFields.toolChoice(v, p);
                case "max_response_output_tokens" -> b.maxOutputTokens = SessionFields.tokenLimit(v, p);
                case "temperature" -> b.temperature = SessionUpdate.temperature(v, p);
                case "tracing" -> b.tracing = v;
                case "include" -> b.include = v.isNull() ? List.of() : Fields.strings(v, p);
                case "object", "id", "expires_at", "prompt", "client_secret" -> {
                    // documented; accepted and not acted on
                }
                default -> throw Fields.unknown(p);
            }
        }
    }

    private static List<String> modalities(JsonNode v, String p) {
        List<String> modalities = Fields.strings(v, p);
        if (modalities.isEmpty() || !Set.of("text", "audio").containsAll(modalities)
                || (modalities.contains("audio") && !modalities.contains("text"))) {
            throw Fields.invalidValue(p, "expected [\"text\"] or [\"text\", \"audio\"].");
        }
        return modalities;
    }

    private static AudioFormat format(JsonNode v, String p) {
        String name = Fields.string(v, p);
        return AudioFormat.fromBetaName(name)
                .orElseThrow(() -> Fields.invalidValue(p, "expected 'pcm16', 'g711_ulaw' or 'g711_alaw'."));
    }
}
