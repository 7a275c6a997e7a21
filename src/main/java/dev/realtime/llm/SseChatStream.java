package dev.realtime.llm;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;

import dev.realtime.upstream.Causes;

/**
 * A {@link ChatStream} over an SSE response body of {@code /chat/completions}. {@link #next()} runs on the
 * response thread; {@link #close()} on any thread.
 */
final class SseChatStream implements ChatStream {

    private final GuardedBody body;
    private final SseDecoder sse = new SseDecoder();
    private final ChunkDecoder chunks;
    private final ArrayDeque<SseDecoder.Event> events = new ArrayDeque<>();
    private final ArrayDeque<ChatChunk> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];
    private boolean ended;
    private ChatException failure;

    SseChatStream(GuardedBody body) {
        this.body = body;
        this.chunks = new ChunkDecoder();
    }

    @Override
    public Optional<ChatChunk> next() {
        while (true) {
            body.abortKind().ifPresent(kind -> {
                throw aborted(kind, null);
            });
            if (failure != null) {
                throw failure;
            }
            if (!ready.isEmpty()) {
                return Optional.of(ready.poll());
            }
            if (ended) {
                return Optional.empty();
            }
            try {
                advance();
            } catch (ChatException e) {
                failure = e;
                body.release();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        body.abort(ChatException.Kind.CANCELLED);
    }

    private void advance() {
        if (!events.isEmpty()) {
            SseDecoder.Event event = events.poll();
            if (event.data().equals("[DONE]")) {
                end();
            } else {
                ready.addAll(chunks.decode(event));
            }
            return;
        }
        int n;
        try {
            n = body.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw body.abortKind()
                    .map(kind -> aborted(kind, e))
                    .orElseGet(() -> new ChatException(ChatException.Kind.BROKEN_STREAM, "stream broke: "
                            + Causes.describe(e), e));
        }
        if (n > 0) {
            events.addAll(sse.feed(buffer, 0, n));
        } else if (n < 0) {
            if (!chunks.sawFinish()) {
                throw new ChatException(ChatException.Kind.BROKEN_STREAM,
                                        "stream ended without [DONE] or a finish reason");
            }
            end();
        }
    }

    private void end() {
        ready.addAll(chunks.flush());
        ended = true;
        body.release();
    }

    private ChatException aborted(ChatException.Kind kind, Throwable cause) {
        return kind == ChatException.Kind.TIMEOUT
                ? new ChatException(kind, "sent nothing for " + body.limitNow().toMillis() + " ms", cause)
                : new ChatException(kind, "chat stream closed", cause);
    }
}
