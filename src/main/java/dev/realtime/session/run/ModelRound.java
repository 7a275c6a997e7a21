package dev.realtime.session.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import dev.realtime.llm.ChatChunk;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ChatStream;
import dev.realtime.llm.ToolCall;
import dev.realtime.llm.ToolCallAssembler;
import dev.realtime.llm.Usage;
import dev.realtime.observe.EngineMetrics;

/**
 * One streamed model call of a response: text goes out as it comes, tool-call fragments are assembled by index
 * (never by id) and returned whole when the stream ends. Runs on the response's thread.
 *
 * @param text   all the text the model wrote
 * @param calls  the tool calls, in index order
 * @param finish the finish reason
 * @param usage  token usage, when the upstream reported it
 */
record ModelRound(String text, List<StreamedCall> calls, String finish, Optional<Usage> usage) {

    /**
     * Streams one request.
     *
     * @param model  the model
     * @param req    the request
     * @param text   where text deltas go
     * @param first  told the {@link System#nanoTime()} at which the first token arrived (the reading the metric
     *               was computed from)
     * @param holder holds the open stream so another thread can close it to cancel
     * @return what the model produced
     */
    static ModelRound stream(ChatModel model, ChatRequest req, Consumer<String> text, LongConsumer first,
                             AtomicReference<ChatStream> holder) {
        long asked = System.nanoTime();
        boolean waiting = true;
        try (ChatStream s = model.stream(req)) {
            holder.set(s);
            StringBuilder written = new StringBuilder();
            ToolCallAssembler assembler = ToolCallAssembler.create();
            Map<Integer, List<String>> fragments = new TreeMap<>();
            Optional<Usage> usage = Optional.empty();
            String finish = "stop";
            Optional<ChatChunk> chunk;
            while ((chunk = s.next()).isPresent()) {
                if (waiting && !(chunk.get() instanceof ChatChunk.UsageReport)) {
                    waiting = false;
                    long now = System.nanoTime();
                    EngineMetrics.llmFirstToken(Duration.ofNanos(now - asked));
                    first.accept(now);
                }
                switch (chunk.get()) {
                    case ChatChunk.Text t -> {
                        written.append(t.delta());
                        text.accept(t.delta());
                    }
                    case ChatChunk.ToolCallDelta d -> {
                        assembler.add(d);
                        List<String> pieces = fragments.computeIfAbsent(d.index(), i -> new ArrayList<>());
                        if (!d.argumentsDelta().isEmpty()) {
                            pieces.add(d.argumentsDelta());
                        }
                    }
                    case ChatChunk.Finish f -> finish = f.reason();
                    case ChatChunk.UsageReport u -> usage = Optional.of(u.usage());
                }
            }
            List<ToolCall> calls = assembler.calls();
            List<List<String>> pieces = new ArrayList<>(fragments.values()); // same index order as the calls
            List<StreamedCall> streamed = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                streamed.add(new StreamedCall(calls.get(i), pieces.get(i)));
            }
            return new ModelRound(written.toString(), streamed, finish, usage);
        } finally {
            holder.set(null);
        }
    }

    /** Adds two optional usages. */
    static Optional<Usage> sum(Optional<Usage> a, Optional<Usage> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.map(u -> new Usage(a.get().inputTokens() + u.inputTokens(), a.get().outputTokens() + u.outputTokens(),
                                    a.get().totalTokens() + u.totalTokens())).or(() -> a);
    }
}
