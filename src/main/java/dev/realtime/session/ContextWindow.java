package dev.realtime.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.llm.ChatMessage;
import dev.realtime.llm.ToolCall;
import dev.realtime.protocol.Item;

/**
 * Turns conversation items into the messages sent to the language model: instructions first, then the items,
 * bounded by an item count and a character budget with the oldest dropped first. A tool call and its result are
 * kept together, the result right after the call, and neither without the other. Pure.
 */
final class ContextWindow {
    private final int maxItems;
    private final int maxChars;

    ContextWindow(int maxItems, int maxChars) {
        this.maxItems = maxItems;
        this.maxChars = maxChars;
    }

    List<ChatMessage> messages(String instructions, List<Item> items) {
        List<Item> kept = window(items);
        List<ChatMessage> messages = new ArrayList<>();
        if (!instructions.isBlank()) {
            messages.add(ChatMessage.system(instructions));
        }
        Map<String, String> outputs = new HashMap<>();
        kept.stream().filter(i -> i instanceof Item.FunctionCallOutput)
                .forEach(i -> outputs.putIfAbsent(((Item.FunctionCallOutput) i).callId(),
                                                  ((Item.FunctionCallOutput) i).output()));
        List<ToolCall> pendingCalls = new ArrayList<>();
        for (Item item : kept) {
            // a call the model would see unanswered (the user spoke before the client answered) is left out,
            // and every answer follows its call at once: providers reject anything else
            if (item instanceof Item.FunctionCall call) {
                if (outputs.containsKey(call.callId())) {
                    pendingCalls.add(new ToolCall(call.callId(), call.name(), call.arguments()));
                }
                continue;
            }
            flushCalls(pendingCalls, outputs, messages);
            if (item instanceof Item.Message m && !m.text().isEmpty()) {
                messages.add(switch (m.role()) {
                    case USER -> ChatMessage.user(m.text());
                    case ASSISTANT -> ChatMessage.assistant(m.text());
                    case SYSTEM -> ChatMessage.system(m.text());
                });
            }
        }
        flushCalls(pendingCalls, outputs, messages);
        return messages;
    }

    private static void flushCalls(List<ToolCall> calls, Map<String, String> outputs, List<ChatMessage> messages) {
        if (calls.isEmpty()) {
            return;
        }
        messages.add(ChatMessage.assistantToolCalls("", List.copyOf(calls)));
        calls.forEach(c -> messages.add(ChatMessage.tool(c.id(), outputs.get(c.id()))));
        calls.clear();
    }

    private List<Item> window(List<Item> items) {
        int start = Math.max(0, items.size() - maxItems);
        long chars = 0;
        for (int i = items.size() - 1; i >= start; i--) {
            chars += length(items.get(i));
            if (chars > maxChars) {
                start = i + 1;
                break;
            }
        }
        if (start >= items.size() && !items.isEmpty()) {
            start = items.size() - 1;
        }
        // a tool result or call at the window's edge without its partner would be rejected upstream
        while (start < items.size() && !(items.get(start) instanceof Item.Message)) {
            start++;
        }
        return items.subList(start, items.size());
    }

    private static int length(Item item) {
        return switch (item) {
            case Item.Message m -> m.text().length();
            case Item.FunctionCall f -> f.name().length() + f.arguments().length();
            case Item.FunctionCallOutput o -> o.output().length();
        };
    }
}
