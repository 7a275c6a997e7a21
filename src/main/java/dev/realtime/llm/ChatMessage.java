package dev.realtime.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of the conversation sent to the model. Immutable; build it with the static factories.
 *
 * @param role       who speaks
 * @param content    the text; empty for an assistant turn that only called tools
 * @param toolCalls  tool calls of an assistant turn, empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, Optional<String> toolCallId) {

    /** Message roles. */
    public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("Only assistant messages carry tool calls");
        }
        if ((role == Role.TOOL) != toolCallId.isPresent()) {
            throw new IllegalArgumentException("A tool call id is required on tool messages and only there");
        }
    }

    /**
     * @param text instructions
     * @return a system message
     */
    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text, List.of(), Optional.empty());
    }

    /**
     * @param text what the user said
     * @return a user message
     */
    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text, List.of(), Optional.empty());
    }

    /**
     * @param text what the assistant said
     * @return an assistant message without tool calls
     */
    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text, List.of(), Optional.empty());
    }

    /**
     * @param text  what the assistant said before calling, possibly empty
     * @param calls the calls it made
     * @return an assistant message with tool calls
     */
    public static ChatMessage assistantToolCalls(String text, List<ToolCall> calls) {
        return new ChatMessage(Role.ASSISTANT, text, calls, Optional.empty());
    }

    /**
     * @param callId the id of the call this output answers
     * @param output the tool's output
     * @return a tool result message
     */
    public static ChatMessage tool(String callId, String output) {
        return new ChatMessage(Role.TOOL, output, List.of(), Optional.of(callId));
    }
}
