package dev.realtime.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.upstream.ErrorBody;

/**
 * Turns the data payloads of a {@code chat.completion.chunk} stream into {@link ChatChunk}s: content (without
 * reasoning or {@code <think>} spans), tool call fragments, finish reasons and usage; error payloads become
 * {@link ChatException}s. Tolerates unknown fields. Confined to the thread reading the stream.
 */
final class ChunkDecoder {

    private final ThinkFilter think = new ThinkFilter();
    private boolean sawFinish;

    boolean sawFinish() {
        return sawFinish;
    }

    List<ChatChunk> decode(SseDecoder.Event event) {
        JsonNode root = parse(event.data());
        if ("error".equals(event.event()) || present(root.path("error"))) {
            throw error(event.data(), root.path("error"));
        }
        List<ChatChunk> out = new ArrayList<>(2);
        for (JsonNode choice : root.path("choices")) {
            if (choice.path("index").asInt(0) == 0) {
                choice(choice, out);
            }
        }
        JsonNode usage = root.path("usage");
        JsonNode groq = root.path("x_groq");
        if (usage.isObject()) {
            out.add(usage(usage));
        } else if (groq.path("usage").isObject()) {
            out.add(usage(groq.path("usage")));
        }
        if (present(groq.path("error"))) {
            String text = groq.path("error").isTextual() ? groq.path("error").asText() : groq.path("error").toString();
            throw new ChatException(ChatException.Kind.SERVER, text,
                                    OptionalInt.empty(), Optional.of(text), null);
        }
        return out;
    }

    /**
     * @return text held back by the think filter, to deliver when the stream ends
     */
    List<ChatChunk> flush() {
        String rest = think.flush();
        return rest.isEmpty() ? List.of() : List.of(new ChatChunk.Text(rest));
    }

    private void choice(JsonNode choice, List<ChatChunk> out) {
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual()) {
            String visible = think.accept(delta.path("content").asText());
            if (!visible.isEmpty()) {
                out.add(new ChatChunk.Text(visible));
            }
        }
        int position = 0;
        for (JsonNode call : delta.path("tool_calls")) {
            JsonNode function = call.path("function");
            Optional<String> id = text(call.path("id"));
            Optional<String> name = text(function.path("name")).map(ChunkDecoder::cleanName);
            String arguments = function.path("arguments").isTextual() ? function.path("arguments").asText() : "";
            if (id.isPresent() || name.isPresent() || !arguments.isEmpty()) {
                out.add(new ChatChunk.ToolCallDelta(call.path("index").asInt(position), id, name, arguments));
            }
            position++;
        }
        Optional<String> finish = text(choice.path("finish_reason"));
        if (finish.isPresent()) {
            if (finish.get().equals("error")) {
                throw new ChatException(ChatException.Kind.SERVER, "the answer ended with finish_reason error");
            }
            out.addAll(flush());
            out.add(new ChatChunk.Finish(finish.get()));
            sawFinish = true;
        }
    }

    private JsonNode parse(String data) {
        try {
            JsonNode root = ChatRequestEncoder.MAPPER.readTree(data);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (Exception e) {
            throw new ChatException(ChatException.Kind.BROKEN_STREAM, "malformed chunk (not JSON)", e);
        }
        throw new ChatException(ChatException.Kind.BROKEN_STREAM, "malformed chunk (not a JSON object)");
    }

    private ChatException error(String data, JsonNode error) {
        ErrorBody parsed = ErrorBody.parse(data);
        JsonNode code = error.path("code");
        if (code.isIntegralNumber() && code.asInt() >= 400) {
            int status = code.asInt();
            return new ChatException(ChatException.kindForStatus(status), parsed.message(), OptionalInt.of(status),
                                     parsed.code(), null);
        }
        String hint = (parsed.code().orElse("") + " " + parsed.type().orElse("")).toLowerCase(Locale.ROOT);
        ChatException.Kind kind = hint.contains("rate_limit") ? ChatException.Kind.RATE_LIMIT
                : hint.contains("invalid_request") ? ChatException.Kind.BAD_REQUEST
                : ChatException.Kind.SERVER;
        return new ChatException(kind, parsed.message(), OptionalInt.empty(), parsed.code(), null);
    }

    private static ChatChunk.UsageReport usage(JsonNode usage) {
        int input = usage.path("prompt_tokens").asInt(usage.path("input_tokens").asInt(0));
        int output = usage.path("completion_tokens").asInt(usage.path("output_tokens").asInt(0));
        int total = usage.path("total_tokens").asInt(input + output);
        return new ChatChunk.UsageReport(new Usage(input, output, total));
    }

    private static String cleanName(String name) {
        int cut = name.indexOf("<|");
        return (cut < 0 ? name : name.substring(0, cut)).strip();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
