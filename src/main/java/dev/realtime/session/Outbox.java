package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsCloseCodes;

import dev.realtime.socket.ClientSocket;
import dev.realtime.socket.CloseReason;

/**
 * The bounded queue of outgoing frames of one WebSocket and the single writer loop that drains it: the only code
 * of a session that sends on its socket. Producers (session loop, socket thread for pongs, timers) never block. A
 * client that reads so slowly that the queue fills is stalled: when the writer is blocked in a send, the socket is
 * aborted at once (a close frame could not get through); otherwise the queue is replaced by a 1008 close. Either
 * way {@code onStalled} ends the session now. A send blocked past the write timeout is the connection's to abort.
 */
public final class Outbox {
    private static final System.Logger LOGGER = System.getLogger(Outbox.class.getName());

    private final BlockingQueue<Frame> queue;
    private final ClientSocket ws;
    private final String sessionId;
    private final Runnable onStalled;
    private volatile boolean accepting = true;
    private volatile boolean writing;

    private Outbox(ClientSocket ws, int capacity, String sessionId, Runnable onStalled) {
        this.ws = ws;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sessionId = sessionId;
        this.onStalled = onStalled;
    }

    /**
     * Creates an outbox and starts its writer loop on a virtual thread.
     *
     * @param ws        the socket
     * @param capacity  frames that may wait
     * @param sessionId for the thread name and logs
     * @param onStalled called once, on the producing thread, when the queue overflows
     * @return the outbox
     */
    public static Outbox start(ClientSocket ws, int capacity, String sessionId, Runnable onStalled) {
        Outbox outbox = new Outbox(ws, capacity, sessionId, onStalled);
        Thread.ofVirtual().name("ws-writer-" + sessionId).start(outbox::run);
        return outbox;
    }

    /**
     * Queues a text message. Any thread.
     *
     * @param json the message as UTF-8, not changed afterwards
     * @return false when the outbox no longer accepts frames
     */
    public boolean send(byte[] json) {
        return offer(new Frame.Text(json));
    }

    /** Queues a ping. Any thread. */
    public void ping() {
        offer(new Frame.Ping());
    }

    /**
     * Queues a pong answering a ping. Any thread.
     *
     * @param payload the ping's payload
     */
    public void pong(BufferData payload) {
        offer(new Frame.Pong(payload));
    }

    /**
     * Queues a close frame after everything already queued (so an error event sent before it is flushed), and
     * stops accepting frames. Any thread.
     *
     * @param code   close code
     * @param reason close reason
     */
    public void close(int code, String reason) {
        if (accepting) {
            accepting = false;
            if (!queue.offer(new Frame.Close(code, reason))) {
                queue.clear();
                queue.offer(new Frame.Close(code, reason));
            }
        }
    }

    /**
     * The socket has closed: nothing more is written, and the writer stops. Any thread; idempotent. (A send racing
     * with it is harmless: the connection drops frames after its close frame, and fails them once closed.)
     */
    public void socketClosed() {
        accepting = false;
        queue.clear();
        queue.offer(new Frame.Stop());
    }

    private boolean offer(Frame frame) {
        if (!accepting) {
            return false;
        }
        if (queue.offer(frame)) {
            return true;
        }
        accepting = false;
        queue.clear();
        if (writing) {
            LOGGER.log(Level.WARNING, () -> "session " + sessionId + ": send queue full while a send is blocked: "
                    + "aborting the connection");
            ws.abort(CloseReason.STALLED, "send queue full while a send is blocked");
            queue.offer(new Frame.Stop());
        } else {
            LOGGER.log(Level.WARNING, () -> "session " + sessionId + ": client reads too slowly, send queue full; "
                    + "closing with 1008");
            queue.offer(new Frame.Close(WsCloseCodes.VIOLATED_POLICY, "client is not reading: send queue full"));
        }
        onStalled.run();
        return false;
    }

    private void run() {
        try {
            while (true) {
                Frame frame = queue.take();
                writing = true;
                try {
                    switch (frame) {
                        case Frame.Text t -> ws.sendText(t.json());
                        case Frame.Ping p -> ws.ping(BufferData.empty());
                        case Frame.Pong p -> ws.pong(p.payload());
                        case Frame.Close c -> {
                            ws.close(c.code(), c.reason());
                            return;
                        }
                        case Frame.Stop s -> {
                            return;
                        }
                    }
                } finally {
                    writing = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the connection has aborted itself and will end the session through its end callback
            LOGGER.log(Level.DEBUG, "session " + sessionId + ": write failed", e);
            accepting = false;
        }
    }

    private sealed interface Frame {
        record Text(byte[] json) implements Frame {
        }

        record Ping() implements Frame {
        }

        record Pong(BufferData payload) implements Frame {
        }

        record Close(int code, String reason) implements Frame {
        }

        record Stop() implements Frame {
        }
    }
}
