package dev.realtime.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the response object of {@code response.created} / {@code response.done} in one dialect. Pure.
 */
final class ResponseWriter {
    private final JsonWriter json;

    ResponseWriter(JsonWriter json) {
        this.json = json;
    }

    ObjectNode response(ResponseInfo r) {
        ObjectNode n = JsonWriter.object();
        n.put("object", "realtime.response");
        n.put("id", r.id());
        n.put("status", r.status().wire());
        n.set("status_details", r.statusDetails().map(this::details).orElse(null));
        ArrayNode output = n.putArray("output");
        r.output().forEach(i -> output.add(json.item(i)));
        n.put("conversation_id", r.conversationId().orElse(null));
        if (json.dialect() == Dialect.GA) {
            n.set("output_modalities", json.strings(r.outputModalities()));
            n.set("max_output_tokens", json.tokenLimit(r.maxOutputTokens()));
            ObjectNode out = n.putObject("audio").putObject("output");
            out.set("format", JsonWriter.format(r.outputFormat()));
            out.put("voice", r.voice());
        } else {
            n.set("modalities", json.strings(r.outputModalities()));
            n.put("voice", r.voice());
            n.put("output_audio_format", r.outputFormat().betaName());
            n.put("temperature", r.temperature().orElse(0.8));
            n.set("max_output_tokens", json.tokenLimit(r.maxOutputTokens()));
        }
        n.set("usage", r.usage().map(ResponseWriter::usage).orElse(null));
        n.set("metadata", json.metadata(r.metadata()));
        return n;
    }

    private ObjectNode details(ResponseInfo.StatusDetails d) {
        ObjectNode n = JsonWriter.object().put("type", d.type());
        d.reason().ifPresent(reason -> n.put("reason", reason));
        d.error().ifPresent(e -> n.set("error", JsonWriter.object()
                .put("type", e.type())
                .put("code", e.code().orElse(null))
                .put("message", e.message())));
        return n;
    }

    private static ObjectNode usage(ResponseInfo.Usage u) {
        ObjectNode n = JsonWriter.object();
        n.put("total_tokens", u.totalTokens());
        n.put("input_tokens", u.inputTokens());
        n.put("output_tokens", u.outputTokens());
        ObjectNode in = n.putObject("input_token_details");
        in.put("text_tokens", u.inputTokens()).put("audio_tokens", 0).put("image_tokens", 0).put("cached_tokens", 0);
        in.putObject("cached_tokens_details").put("text_tokens", 0).put("audio_tokens", 0).put("image_tokens", 0);
        n.putObject("output_token_details").put("text_tokens", u.outputTokens()).put("audio_tokens", 0);
        return n;
    }
}
