package dev.realtime.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the session object of {@code session.created} / {@code session.updated} in one dialect. Pure.
 */
final class SessionWriter {
    private final JsonWriter json;

    SessionWriter(JsonWriter json) {
        this.json = json;
    }

    ObjectNode session(SessionConfig s) {
        return json.dialect() == Dialect.GA ? ga(s) : beta(s);
    }

    private ObjectNode ga(SessionConfig s) {
        ObjectNode n = JsonWriter.object();
        n.put("type", s.type());
        n.put("object", s.transcriptionOnly() ? "realtime.transcription_session" : "realtime.session");
        n.put("id", s.id());
        if (!s.transcriptionOnly()) {
            n.put("model", s.model());
            n.set("output_modalities", json.strings(s.outputModalities()));
            n.put("instructions", s.instructions());
            n.set("tools", json.tools(s.tools()));
            n.set("tool_choice", json.toolChoice(s.toolChoice()));
            n.set("max_output_tokens", json.tokenLimit(s.maxOutputTokens()));
            n.set("tracing", s.tracing());
            n.putNull("prompt");
        }
        n.put("expires_at", s.expiresAt());
        n.set("include", s.include().isEmpty() ? null : json.strings(s.include()));
        ObjectNode input = n.putObject("audio").putObject("input");
        input.set("format", JsonWriter.format(s.inputFormat()));
        input.set("transcription", transcription(s));
        input.set("noise_reduction", s.noiseReduction().map(t -> JsonWriter.object().put("type", t)).orElse(null));
        input.set("turn_detection", turnDetection(s));
        if (!s.transcriptionOnly()) {
            ObjectNode output = ((ObjectNode) n.get("audio")).putObject("output");
            output.set("format", JsonWriter.format(s.outputFormat()));
            output.put("voice", s.voice());
            output.put("speed", s.speed());
        }
        return n;
    }

    private ObjectNode beta(SessionConfig s) {
        ObjectNode n = JsonWriter.object();
        n.put("object", s.transcriptionOnly() ? "realtime.transcription_session" : "realtime.session");
        n.put("id", s.id());
        if (!s.transcriptionOnly()) {
            n.put("model", s.model());
            n.set("modalities", json.strings(s.outputModalities()));
            n.put("instructions", s.instructions());
            n.put("voice", s.voice());
            n.put("output_audio_format", s.outputFormat().betaName());
            n.set("tools", json.tools(s.tools()));
            n.set("tool_choice", json.toolChoice(s.toolChoice()));
            n.put("temperature", s.temperature().orElse(0.8));
            n.set("max_response_output_tokens", json.tokenLimit(s.maxOutputTokens()));
            n.put("speed", s.speed());
            n.set("tracing", s.tracing());
        }
        n.put("input_audio_format", s.inputFormat().betaName());
        n.set("input_audio_transcription", transcription(s));
        n.set("turn_detection", turnDetection(s));
        n.set("input_audio_noise_reduction",
              s.noiseReduction().map(t -> JsonWriter.object().put("type", t)).orElse(null));
        n.set("include", s.include().isEmpty() ? null : json.strings(s.include()));
        n.put("expires_at", s.expiresAt());
        return n;
    }

    private static ObjectNode transcription(SessionConfig s) {
        return s.transcription().map(t -> {
            ObjectNode n = JsonWriter.object().put("model", t.model());
            t.language().ifPresent(l -> n.put("language", l));
            t.prompt().ifPresent(p -> n.put("prompt", p));
            return n;
        }).orElse(null);
    }

    private static ObjectNode turnDetection(SessionConfig s) {
        if (s.turnDetection().isEmpty()) {
            return null;
        }
        TurnDetection t = s.turnDetection().get();
        ObjectNode n = JsonWriter.object().put("type", t.type());
        if (t.semantic()) {
            n.put("eagerness", t.eagerness().orElse("auto"));
        } else {
            n.put("threshold", t.threshold());
            n.put("prefix_padding_ms", t.prefixPaddingMs());
            n.put("silence_duration_ms", t.silenceDurationMs());
            if (t.idleTimeoutMs().isPresent()) {
                n.put("idle_timeout_ms", t.idleTimeoutMs().getAsInt());
            } else {
                n.putNull("idle_timeout_ms");
            }
        }
        if (!s.transcriptionOnly()) {
            n.put("create_response", t.createResponse());
            n.put("interrupt_response", t.interruptResponse());
        }
        return n;
    }
}
