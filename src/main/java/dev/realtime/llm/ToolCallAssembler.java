package dev.realtime.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles streamed {@link ChatChunk.ToolCallDelta} fragments into complete {@link ToolCall}s, keyed by index
 * (never by id). Confined to one thread, the response thread that reads the stream; not thread-safe.
 */
public final class ToolCallAssembler {

    private final Map<Integer, Parts> calls = new TreeMap<>();

    private ToolCallAssembler() {
    }

    /**
     * @return an empty assembler
     */
    public static ToolCallAssembler create() {
        return new ToolCallAssembler();
    }

    /**
     * Adds one fragment.
     *
     * @param delta the fragment
     */
    public void add(ChatChunk.ToolCallDelta delta) {
        Parts parts = calls.computeIfAbsent(delta.index(), i -> new Parts());
        delta.id().ifPresent(id -> parts.id = id);
        delta.name().ifPresent(name -> parts.name = name);
        parts.arguments.append(delta.argumentsDelta());
    }

    /**
     * @return true when no fragment was added
     */
    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * The calls assembled so far, ordered by index. A call whose upstream sent no id gets {@code call_<index>}.
     *
     * @return the calls
     */
    public List<ToolCall> calls() {
        List<ToolCall> result = new ArrayList<>(calls.size());
        calls.forEach((index, parts) -> result.add(new ToolCall(parts.id.isEmpty() ? "call_" + index : parts.id,
                                                                parts.name,
                                                                parts.arguments.toString())));
        return List.copyOf(result);
    }

    private static final class Parts {
        private final StringBuilder arguments = new StringBuilder();
        private String id = "";
        private String name = "";
    }
}
