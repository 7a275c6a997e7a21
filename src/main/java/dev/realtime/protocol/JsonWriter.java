package dev.realtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the protocol's shared objects (session, items, response, errors) as Jackson trees in one dialect.
 * Pure and stateless apart from the dialect.
 */
final class JsonWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Dialect dialect;

    JsonWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    ObjectNode item(Item item) {
        ObjectNode n = object();
        n.put("id", item.id());
        n.put("object", "realtime.item");
        switch (item) {
            case Item.Message m -> {
                n.put("type", "message");
                n.put("status", m.status().wire());
                n.put("role", m.role().wire());
                ArrayNode content = n.putArray("content");
                m.content().forEach(c -> content.add(content(c)));
            }
            case Item.FunctionCall f -> {
                n.put("type", "function_call");
                n.put("status", f.status().wire());
                n.put("call_id", f.callId());
                n.put("name", f.name());
                n.put("arguments", f.arguments());
            }
            case Item.FunctionCallOutput o -> {
                n.put("type", "function_call_output");
                n.put("status", o.status().wire());
                n.put("call_id", o.callId());
                n.put("output", o.output());
            }
        }
        return n;
    }

    private ObjectNode content(Content content) {
        ObjectNode n = object();
        boolean ga = dialect == Dialect.GA;
        switch (content) {
            case Content.InputText t -> n.put("type", "input_text").put("text", t.value());
            case Content.InputAudio a -> {
                n.put("type", "input_audio");
                a.audio().ifPresent(b64 -> n.put("audio", b64));
                n.put("transcript", a.transcript().orElse(null));
            }
            case Content.InputImage i -> {
                n.put("type", "input_image").put("image_url", i.imageUrl());
                i.detail().ifPresent(d -> n.put("detail", d));
            }
            case Content.OutputText t -> n.put("type", ga ? "output_text" : "text").put("text", t.value());
            case Content.OutputAudio a -> n.put("type", ga ? "output_audio" : "audio")
                    .put("transcript", a.transcript());
        }
        return n;
    }

    ObjectNode error(ErrorInfo e) {
        ObjectNode n = object();
        n.put("type", e.type());
        n.put("code", e.code().orElse(null));
        n.put("message", e.message());
        n.put("param", e.param().orElse(null));
        n.put("event_id", e.eventId().orElse(null));
        return n;
    }

    ArrayNode tools(List<FunctionTool> tools) {
        ArrayNode a = NODES.arrayNode();
        for (FunctionTool t : tools) {
            ObjectNode n = a.addObject();
            n.put("type", "function").put("name", t.name()).put("description", t.description());
            n.set("parameters", t.parameters());
        }
        return a;
    }

    JsonNode toolChoice(ToolChoice choice) {
        if (choice.function().isEmpty()) {
            return NODES.textNode(choice.mode());
        }
        return object().put("type", "function").put("name", choice.function().get());
    }

    JsonNode tokenLimit(TokenLimit limit) {
        return limit.max().isPresent() ? NODES.numberNode(limit.max().getAsInt()) : NODES.textNode("inf");
    }

    ArrayNode strings(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    JsonNode metadata(Optional<Map<String, String>> metadata) {
        if (metadata.isEmpty()) {
            return NODES.nullNode();
        }
        ObjectNode n = object();
        metadata.get().forEach(n::put);
        return n;
    }

    static ObjectNode format(AudioFormat format) {
        ObjectNode n = object().put("type", format.gaType());
        if (format == AudioFormat.PCM16) {
            n.put("rate", format.rate());
        }
        return n;
    }
}
