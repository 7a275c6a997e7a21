package dev.realtime.llm;

import java.util.Optional;

/**
 * One streaming completion.
 * <p>
 * {@link #next()} is called by a single thread, the response's virtual thread. {@link #close()} may be called
 * from any thread, at any time, any number of times.
 */
public interface ChatStream extends AutoCloseable {

    /**
     * Blocks for the next chunk.
     *
     * @return the next chunk, or empty once the stream ended normally ({@code [DONE]}, or a clean end after a
     *         {@code finish_reason})
     * @throws ChatException on a mid-stream error payload, an OpenRouter {@code finish_reason:"error"}, a stream
     *                       cut without {@code [DONE]} and without a finish reason, an idle timeout, an I/O error,
     *                       or with kind {@link ChatException.Kind#CANCELLED} once {@link #close()} was called
     */
    Optional<ChatChunk> next();

    /**
     * Aborts the upstream request and frees its connection. Idempotent and callable from any thread; a thread
     * blocked in {@link #next()} returns promptly with a {@link ChatException.Kind#CANCELLED} exception.
     */
    @Override
    void close();
}
