package dev.realtime.session;

import io.helidon.websocket.WsCloseCodes;

import dev.realtime.protocol.ClientEvent;
import dev.realtime.socket.CloseReason;

/**
 * A phone call's hold on its session ({@link SessionFactory#openCall}): the call's transport feeds it client events
 * and says when the caller has gone. Any thread.
 */
public final class Call {
    private final Session session;
    private final SessionEnd end;

    Call(Session session, SessionEnd end) {
        this.session = session;
        this.end = end;
    }

    /** The session's id, for logs. */
    public String sessionId() {
        return session.id();
    }

    /**
     * Hands an event to the session loop, as a client's socket would; blocks while its inbox is full, and is dropped
     * once the session is closing.
     *
     * @param event the event
     */
    public void send(ClientEvent event) {
        session.post(new SessionMessage.Inbound(event));
    }

    /**
     * Has the session say a line word for word, without the language model: an out-of-band response
     * ({@code conversation: none}, so the line joins no conversation) whose metadata holds {@code mark}, spoken and
     * sent like any answer. Never blocks, so the session's own output may call it on the session loop.
     *
     * @param line the words
     * @param mark the metadata key of its response ({@code "true"}), by which its {@code response.*} events are known
     * @return false when the line was dropped: the session's inbox is full or the session is closing
     */
    public boolean say(String line, String mark) {
        return session.offer(new SessionMessage.Say(line, mark));
    }

    /**
     * The caller has gone (hang-up, stream stop, transport lost): the session ends and what runs is cancelled;
     * nothing more is sent to the call. Idempotent.
     *
     * @param detail what happened, for the log
     */
    public void hangUp(String detail) {
        end.socketEnded(CloseReason.CLIENT, detail);
    }

    /**
     * The engine ends the call: what was already sent goes out, then the output is closed. Idempotent.
     *
     * @param detail why, for the log
     */
    public void end(String detail) {
        end.end(CloseReason.SERVER, WsCloseCodes.NORMAL_CLOSE, detail);
    }

    /** Whether the session has ended, by either side. */
    public boolean ended() {
        return end.ended();
    }
}
