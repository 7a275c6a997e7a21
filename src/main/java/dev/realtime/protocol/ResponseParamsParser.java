package dev.realtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses the {@code response} object of {@code response.create} in either dialect. Pure.
 */
final class ResponseParamsParser {
    private ResponseParamsParser() {
    }

    static ResponseParams parse(ObjectNode response, Dialect dialect) {
        boolean outOfBand = false;
        Optional<List<ResponseParams.ResponseInput>> input = Optional.empty();
        Optional<String> instructions = Optional.empty();
        Optional<List<FunctionTool>> tools = Optional.empty();
        Optional<ToolChoice> toolChoice = Optional.empty();
        OptionalDouble temperature = OptionalDouble.empty();
        Optional<TokenLimit> maxTokens = Optional.empty();
        Optional<Map<String, String>> metadata = Optional.empty();
        Optional<List<String>> modalities = Optional.empty();
        Optional<String> voice = Optional.empty();
        Optional<AudioFormat> format = Optional.empty();
        for (Map.Entry<String, JsonNode> e : response.properties()) {
            String p = "response." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (e.getKey()) {
                case "conversation" -> {
                    String c = Fields.string(v, p);
                    if (!"auto".equals(c) && !"none".equals(c)) {
                        throw Fields.invalidValue(p, "expected 'auto' or 'none'.");
                    }
                    outOfBand = "none".equals(c);
                }
                case "input" -> input = Optional.of(ItemParser.input(v, p));
                case "instructions" -> instructions = Optional.of(Fields.string(v, p));
                case "tools" -> tools = Optional.of(SessionFields.tools(v, p));
                case "tool_choice" -> toolChoice = Optional.of(SessionFields.toolChoice(v, p));
                case "temperature" -> temperature = OptionalDouble.of(Fields.number(v, p, 0.0, 2.0));
                case "max_output_tokens", "max_response_output_tokens" ->
                        maxTokens = Optional.of(SessionFields.tokenLimit(v, p));
                case "metadata" -> metadata = Optional.of(ItemParser.metadata(v, p));
                case "output_modalities", "modalities" -> modalities = Optional.of(modalities(v, p));
                case "voice" -> voice = Optional.of(SessionFields.voice(v, p));
                case "output_audio_format" -> format = Optional.of(
                        AudioFormat.fromBetaName(Fields.string(v, p))
                                .orElseThrow(() -> Fields.invalidValue(p, "unknown audio format.")));
                case "audio" -> {
                    JsonNode output = Fields.object(v, p).get("output");
                    if (output != null && !output.isNull()) {
                        Fields.object(output, p + ".output");
                        if (output.hasNonNull("voice")) {
                            voice = Optional.of(SessionFields.voice(output.get("voice"), p + ".output.voice"));
                        }
                        if (output.hasNonNull("format")) {
                            format = Optional.of(SessionUpdate.gaFormat(output.get("format"), p + ".output.format"));
                        }
                    }
                }
                case "prompt", "reasoning", "parallel_tool_calls", "tracing", "object" -> {
                    // documented; accepted and not acted on
                }
                default -> throw Fields.unknown(p);
            }
        }
        return new ResponseParams(outOfBand, input, instructions, tools, toolChoice, temperature, maxTokens,
                                  metadata, modalities, voice, format);
    }

    private static List<String> modalities(JsonNode v, String p) {
        List<String> list = Fields.strings(v, p);
        if (list.isEmpty() || !List.of("text", "audio").containsAll(list)) {
            throw Fields.invalidValue(p, "expected [\"audio\"] or [\"text\"].");
        }
        return list;
    }
}
