package dev.realtime.llm;

import java.util.List;
import java.util.Optional;

/**
 * A {@link ChatStream} over chunks known in advance. {@link #next()} runs on the response thread and never
 * blocks; {@link #close()} may be called from any thread, after which {@link #next()} throws
 * {@link ChatException.Kind#CANCELLED}.
 */
final class FixedChatStream implements ChatStream {

    private final List<ChatChunk> chunks;
    private volatile boolean closed;
    private int position;

    FixedChatStream(List<ChatChunk> chunks) {
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public Optional<ChatChunk> next() {
        if (closed) {
            throw new ChatException(ChatException.Kind.CANCELLED, "Chat stream closed");
        }
        return position < chunks.size() ? Optional.of(chunks.get(position++)) : Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
    }
}
