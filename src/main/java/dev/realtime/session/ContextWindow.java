package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.llm.ChatMessage;
import dev.realtime.llm.ToolCall;
import dev.realtime.protocol.Item;

/**
 * Turns conversation items into the messages sent to the language model: instructions first, then the items,
 * bounded by an item count and a character budget with the oldest dropped first. A tool result is never kept
 * without the call it answers. Pure.
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
        List<ToolCall> pendingCalls = new ArrayList<>();
        for (Item item : kept) {
            if (item instanceof Item.FunctionCall call) {
                pendingCalls.add(new ToolCall(call.callId(), call.name(), call.arguments()));
                continue;
            }
            if (!pendingCalls.isEmpty()) {
                messages.add(ChatMessage.assistantToolCalls("", List.copyOf(pendingCalls)));
                pendingCalls.clear();
            }
            switch (item) {
                case Item.Message m -> {
                    String text = m.text();
                    if (!text.isEmpty()) {
                        messages.add(switch (m.role()) {
                            case USER -> ChatMessage.user(text);
                            case ASSISTANT -> ChatMessage.assistant(text);
                            case SYSTEM -> ChatMessage.system(text);
                        });
                    }
                }
                case Item.FunctionCallOutput o -> messages.add(ChatMessage.tool(o.callId(), o.output()));
                case Item.FunctionCall f -> throw new IllegalStateException("handled above");
            }
        }
        if (!pendingCalls.isEmpty()) {
            messages.add(ChatMessage.assistantToolCalls("", List.copyOf(pendingCalls)));
        }
        return messages;
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
