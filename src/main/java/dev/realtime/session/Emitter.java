package dev.realtime.session;

import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.ServerEvent;

/**
 * Hands the session's server events to its output; the engine's own events go only to an output that asked for
 * them. Used on the session loop only.
 */
final class Emitter {
    private final SessionOutput output;
    private final boolean timings;

    /**
     * @param timings whether the output asked for the engine's stage times ({@code ?timings=true})
     */
    Emitter(SessionOutput output, boolean timings) {
        this.output = output;
        this.timings = timings;
    }

    void emit(ServerEvent event) {
        output.event(event);
    }

    /** Sends a turn's stage times, if the connection asked for them; a strict OpenAI client never sees them. */
    void timings(ServerEvent.Timings event) {
        if (timings) {
            emit(event);
        }
    }

    void error(ErrorInfo error) {
        emit(new ServerEvent.Error(error));
    }

    /** Closes the transport after the events already sent. */
    void close(int code, String reason) {
        output.close(code, reason);
    }
}
