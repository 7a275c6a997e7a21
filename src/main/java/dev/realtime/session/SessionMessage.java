package dev.realtime.session;

import java.util.Optional;

import dev.realtime.llm.Usage;
import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.stt.SttEvent;
import dev.realtime.upstream.Fault;

/**
 * What other threads tell a session loop through its inbox.
 */
sealed interface SessionMessage {

    /** A parsed client event (from the socket thread). */
    record Inbound(ClientEvent event) implements SessionMessage {
    }

    /** A client event that could not be parsed (from the socket thread). */
    record Rejected(ProtocolException error) implements SessionMessage {
    }

    /** A limit's deadline may have come (see {@link LimitTicks}). */
    record Tick() implements SessionMessage {
    }

    /** The socket is gone or the session must end (socket thread, writer, timers). */
    record Close() implements SessionMessage {
    }

    /** A transcription result (from the STT loop that took it). */
    record Stt(SttLoop source, SttEvent event) implements SessionMessage {
    }

    /** A transcription stream died (from its STT loop, as the loop's last act). */
    record SttDied(SttLoop source, Fault fault) implements SessionMessage {
    }

    /** Output of a response run (from its thread); ignored once that response is done. */
    record Run(String responseId, RunSignal signal) implements SessionMessage {
    }

    /** What a response run reports. */
    sealed interface RunSignal {
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
         * Synthesised audio in the session's output format; the first chunk of each spoken piece carries the
         * piece's text, the rest an empty string.
         */
        record Audio(String text, byte[] audio) implements RunSignal {
        }

        /** The model finished. */
        record Finished(String finishReason, Optional<Usage> usage) implements RunSignal {
        }

        /** The model failed. */
        record Failed(ErrorInfo error) implements RunSignal {
        }
    }
}
