package dev.realtime.session.run;

import java.util.Optional;

import dev.realtime.llm.Usage;
import dev.realtime.protocol.ErrorInfo;

/**
 * What a response run reports to the session loop: the one type that crosses back from the run's threads (model,
 * tools, speaker) to the loop, through a {@link SignalReporter}.
 */
public sealed interface RunSignal {
    /** Model text. */
    record Text(String delta) implements RunSignal {
    }

    /**
     * A complete, checked tool call of the model.
     *
     * @param call   the call and its argument fragments
     * @param server whether the engine performs it (a server tool) rather than the client
     */
    record FunctionCall(StreamedCall call, boolean server) implements RunSignal {
    }

    /** The result of a server-tool call, as given to the model. */
    record ToolOutput(String callId, String output) implements RunSignal {
    }

    /**
     * Synthesised audio in the session's output format; the first chunk of each spoken piece carries the piece's
     * text, the rest an empty string.
     */
    record Audio(String text, byte[] audio) implements RunSignal {
    }

    /**
     * A stage of the voice path was reached, on the run's thread; the session loop keeps the first of each kind
     * for the turn's timings.
     *
     * @param stage which stage
     * @param at    when, in {@link System#nanoTime()}; the same reading the stage's metric was computed from
     */
    record Stage(Kind stage, long at) implements RunSignal {
        /** The stages a response's run reports. */
        public enum Kind {
            /** The model's first token (text or tool call) arrived. */
            LLM_FIRST_TOKEN,
            /** A piece of text was handed to speech synthesis. */
            SPEAKABLE_PIECE,
            /** Speech synthesis returned a piece's first audio. */
            TTS_FIRST_BYTE
        }
    }

    /** The model finished. */
    record Finished(String finishReason, Optional<Usage> usage) implements RunSignal {
    }

    /** The model failed. */
    record Failed(ErrorInfo error) implements RunSignal {
    }
}
