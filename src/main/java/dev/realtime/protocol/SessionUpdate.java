package dev.realtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies a {@code session.update} payload to a session configuration: partial, deep-merged, validated. A payload
 * with any invalid field changes nothing and fails with a {@link ProtocolException} naming the field.
 * Pure; called on the session loop (and by token minting to validate session defaults).
 */
public final class SessionUpdate {
    private SessionUpdate() {
    }

    /**
     * Applies an update.
     *
     * @param base        current configuration
     * @param patch       the {@code session} object of the update
     * @param dialect     dialect whose field names the patch uses
     * @param requireType whether a GA patch must name {@code type} (as {@code session.update} must)
     * @return the new configuration
     */
    public static SessionConfig apply(SessionConfig base, JsonNode patch, Dialect dialect, boolean requireType) {
        ObjectNode session = Fields.object(patch, "session");
        SessionConfigBuilder b = base.toBuilder();
        if (dialect == Dialect.GA) {
            applyGa(b, session, requireType);
        } else {
            BetaSessionUpdate.apply(b, session);
        }
        return b.build();
    }

    private static void applyGa(SessionConfigBuilder b, ObjectNode session, boolean requireType) {
        if (requireType && !session.has("type")) {
            Fields.required(session, "type", "session.type");
        }
        for (Map.Entry<String, JsonNode> e : session.properties()) {
            String p = "session." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "type" -> {
                    String type = Fields.string(v, p);
                    if (!SessionConfig.REALTIME.equals(type) && !SessionConfig.TRANSCRIPTION.equals(type)) {
                        throw Fields.invalidValue(p, "expected 'realtime' or 'transcription'.");
                    }
                    if (!type.equals(b.type)) {
                        throw Fields.invalidValue(p, "cannot change the session type from '" + b.type + "'.");
                    }
                }
                case "model" -> b.model = Fields.string(v, p);
                case "instructions" -> b.instructions = Fields.string(v, p);
                case "output_modalities" -> b.outputModalities = gaModalities(v, p);
                case "audio" -> audio(b, Fields.object(v, p), p);
                case "tools" -> b.tools = SessionFields.tools(v, p);
                case "tool_choice" -> b.toolChoice = SessionFields.toolChoice(v, p);
                case "max_output_tokens" -> b.maxOutputTokens = SessionFields.tokenLimit(v, p);
                case "tracing" -> b.tracing = v;
                case "include" -> b.include = v.isNull() ? List.of() : Fields.strings(v, p);
                case "object", "id", "expires_at", "prompt", "truncation", "reasoning", "parallel_tool_calls",
                     "client_secret" -> {
                    // documented; accepted and not acted on
                }
                default -> throw Fields.unknown(p);
            }
        }
    }

    private static List<String> gaModalities(JsonNode v, String p) {
        List<String> modalities = Fields.strings(v, p);
        if (!modalities.equals(List.of("audio")) && !modalities.equals(List.of("text"))) {
            throw Fields.invalidValue(p, "expected [\"audio\"] or [\"text\"].");
        }
        return modalities;
    }

    private static void audio(SessionConfigBuilder b, ObjectNode audio, String path) {
        for (Map.Entry<String, JsonNode> e : audio.properties()) {
            String p = path + "." + e.getKey();
            ObjectNode node = Fields.object(e.getValue(), p);
            switch (e.getKey()) {
                case "input" -> audioInput(b, node, p);
                case "output" -> audioOutput(b, node, p);
                default -> throw Fields.unknown(p);
            }
        }
    }

    private static void audioInput(SessionConfigBuilder b, ObjectNode input, String path) {
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            String p = path + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "format" -> b.inputFormat = gaFormat(v, p);
                case "transcription" -> b.transcription = SessionFields.transcription(v, p);
                case "noise_reduction" -> b.noiseReduction = SessionFields.noiseReduction(v, p);
                case "turn_detection" -> b.turnDetection = SessionFields.turnDetection(b.turnDetection, v, p);
                default -> throw Fields.unknown(p);
            }
        }
    }

    private static void audioOutput(SessionConfigBuilder b, ObjectNode output, String path) {
        for (Map.Entry<String, JsonNode> e : output.properties()) {
            String p = path + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "format" -> b.outputFormat = gaFormat(v, p);
                case "voice" -> b.voice = SessionFields.voice(v, p);
                case "speed" -> b.speed = Fields.number(v, p, 0.25, 1.5);
                default -> throw Fields.unknown(p);
            }
        }
    }

    /** Parses a GA format object such as {@code {"type":"audio/pcm","rate":24000}}. */
    static AudioFormat gaFormat(JsonNode v, String p) {
        ObjectNode node = Fields.object(v, p);
        String type = Fields.string(Fields.required(node, "type", p + ".type"), p + ".type");
        AudioFormat format = AudioFormat.fromGaType(type)
                .orElseThrow(() -> Fields.invalidValue(p + ".type",
                                                       "expected 'audio/pcm', 'audio/pcmu' or 'audio/pcma'."));
        JsonNode rate = node.get("rate");
        if (rate != null && !rate.isNull() && Fields.integer(rate, p + ".rate", 1, 192_000) != format.rate()) {
            throw Fields.invalidValue(p + ".rate", "only a " + format.rate() + " Hz sample rate is supported.");
        }
        return format;
    }

    /** Beta temperature range. */
    static OptionalDouble temperature(JsonNode v, String p) {
        return OptionalDouble.of(Fields.number(v, p, 0.6, 1.2));
    }
}
