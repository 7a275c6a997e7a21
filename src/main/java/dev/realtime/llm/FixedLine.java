package dev.realtime.llm;

import java.util.List;
import java.util.Objects;

/**
 * A chat model that answers every request with one line known in advance, word for word: what the engine itself
 * says when it must not depend on the language model (which may be what failed). Uses no tokens. Thread-safe;
 * {@link #stream(ChatRequest)} runs on the response thread and never blocks.
 */
public final class FixedLine implements ChatModel {
    private final String line;

    private FixedLine(String line) {
        this.line = Objects.requireNonNull(line, "line");
    }

    /**
     * @param line the answer to every request
     * @return the model
     */
    public static FixedLine of(String line) {
        return new FixedLine(line);
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        return new FixedChatStream(List.of(new ChatChunk.Text(line), new ChatChunk.Finish("stop"),
                                           new ChatChunk.UsageReport(new Usage(0, 0, 0))));
    }

    @Override
    public String name() {
        return "fixed";
    }
}
