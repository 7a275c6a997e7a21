package dev.realtime.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to ask the model. Immutable.
 *
 * @param messages        the conversation, oldest first
 * @param tools           functions the model may call
 * @param toolChoice      {@code auto}, {@code none}, {@code required}, or any other value meaning "call the
 *                        function of that name"; sent only when {@code tools} is not empty
 * @param temperature     sampling temperature
 * @param maxOutputTokens output token limit, sent under {@link LlmSettings#maxTokensField()}
 */
public record ChatRequest(List<ChatMessage> messages,
                          List<ToolSpec> tools,
                          Optional<String> toolChoice,
                          OptionalDouble temperature,
                          OptionalInt maxOutputTokens) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
    }

    /**
     * @param messages the conversation
     * @return a request without tools, temperature or token limit
     */
    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, List.of(), Optional.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /**
     * @param newTools   the tools
     * @param choice     the tool choice, see {@link #toolChoice()}
     * @return a copy with these tools
     */
    public ChatRequest withTools(List<ToolSpec> newTools, Optional<String> choice) {
        return new ChatRequest(messages, newTools, choice, temperature, maxOutputTokens);
    }

    /**
     * @param value the temperature
     * @return a copy with this temperature
     */
    public ChatRequest withTemperature(double value) {
        return new ChatRequest(messages, tools, toolChoice, OptionalDouble.of(value), maxOutputTokens);
    }

    /**
     * @param value the output token limit
     * @return a copy with this limit
     */
    public ChatRequest withMaxOutputTokens(int value) {
        return new ChatRequest(messages, tools, toolChoice, temperature, OptionalInt.of(value));
    }
}
