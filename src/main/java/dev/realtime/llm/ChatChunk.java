package dev.realtime.llm;

import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed completion, as returned by {@link ChatStream#next()}. Immutable, usable on any thread.
 */
public sealed interface ChatChunk {

    /**
     * Text meant for the user (reasoning is never delivered as text).
     *
     * @param delta the new text, never empty
     */
    record Text(String delta) implements ChatChunk {
        public Text {
            Objects.requireNonNull(delta, "delta");
        }
    }

    /**
     * A fragment of tool call number {@code index}; {@code id} and {@code name} come only on the first fragment.
     * Concatenate {@code argumentsDelta} per index (see {@link ToolCallAssembler}).
     *
     * @param index          the tool call's position in the answer
     * @param id             the call id, on the first fragment
     * @param name           the function name, on the first fragment
     * @param argumentsDelta the next piece of the JSON arguments string, possibly empty
     */
    record ToolCallDelta(int index, Optional<String> id, Optional<String> name, String argumentsDelta)
            implements ChatChunk {
        public ToolCallDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argumentsDelta, "argumentsDelta");
        }
    }

    /**
     * The model stopped: {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, ...
     *
     * @param reason the provider's finish reason
     */
    record Finish(String reason) implements ChatChunk {
        public Finish {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Token usage of the whole completion, usually the last chunk.
     *
     * @param usage the token counts
     */
    record UsageReport(Usage usage) implements ChatChunk {
        public UsageReport {
            Objects.requireNonNull(usage, "usage");
        }
    }
}
