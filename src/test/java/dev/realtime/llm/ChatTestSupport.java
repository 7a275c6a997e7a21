package dev.realtime.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Helpers shared by the llm tests. */
final class ChatTestSupport {

    private ChatTestSupport() {
    }

    /** Everything a stream delivered until it ended normally. */
    record Collected(List<ChatChunk> chunks, String text, List<ToolCall> toolCalls, List<String> finishes,
                     Optional<Usage> usage) {
    }

    static Collected collect(ChatStream stream) {
        try (stream) {
            return collectUntilFailure(stream, new ArrayList<>());
        }
    }

    /** Reads into {@code sink} until the end; a failure propagates with {@code sink} holding what came before. */
    static Collected collectUntilFailure(ChatStream stream, List<ChatChunk> sink) {
        for (Optional<ChatChunk> next = stream.next(); next.isPresent(); next = stream.next()) {
            sink.add(next.get());
        }
        return summarize(sink);
    }

    static Collected summarize(List<ChatChunk> chunks) {
        StringBuilder text = new StringBuilder();
        ToolCallAssembler calls = ToolCallAssembler.create();
        List<String> finishes = new ArrayList<>();
        Usage usage = null;
        for (ChatChunk chunk : chunks) {
            switch (chunk) {
                case ChatChunk.Text t -> text.append(t.delta());
                case ChatChunk.ToolCallDelta d -> calls.add(d);
                case ChatChunk.Finish f -> finishes.add(f.reason());
                case ChatChunk.UsageReport u -> usage = u.usage();
            }
        }
        return new Collected(List.copyOf(chunks), text.toString(), calls.calls(), finishes, Optional.ofNullable(usage));
    }

    static ChatRequest hello() {
        return ChatRequest.of(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello?")));
    }
}
