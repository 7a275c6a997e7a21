package dev.realtime.session;

import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.session.run.RunSignal;
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

    /**
     * Speak a line word for word, out of band, without the model (from a phone call's bridge).
     *
     * @param line the words
     * @param mark the metadata key its response carries, so its owner knows it
     */
    record Say(String line, String mark) implements SessionMessage {
    }

    /** Output of a response run (from its thread); ignored once that response is done. */
    record Run(String responseId, RunSignal signal) implements SessionMessage {
    }
}
