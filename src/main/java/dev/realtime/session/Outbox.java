package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

/**
 * The bounded queue of outgoing frames of one WebSocket and the single writer loop that drains it: the only code
 * that calls {@link WsSession#send}. Producers (session loop, socket thread for pongs, timers) never block; when a
 * client reads so slowly that the queue fills, the connection is closed with 1008 rather than growing the heap.
 */
public final class Outbox {
    private static final System.Logger LOGGER = System.getLogger(Outbox.class.getName());

    private final BlockingQueue<Frame> queue;
    private final WsSession ws;
    private final String sessionId;
    private final Runnable onStopped;
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean accepting = true;
    private boolean socketClosed;

    private Outbox(WsSession ws, int capacity, String sessionId, Runnable onStopped) {
        this.ws = ws;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sessionId = sessionId;
        this.onStopped = onStopped;
    }

    /**
     * Creates an outbox and starts its writer loop on a virtual thread.
     *
     * @param ws             the socket
     * @param capacity       frames that may wait
     * @param sessionId      for the thread name and logs
     * @param onStopped      called on the writer thread when it stops after a close frame or a failed send
     * @return the outbox
     */
    public static Outbox start(WsSession ws, int capacity, String sessionId, Runnable onStopped) {
        Outbox outbox = new Outbox(ws, capacity, sessionId, onStopped);
        Thread.ofVirtual().name("ws-writer-" + sessionId).start(outbox::run);
        return outbox;
    }

    /**
     * Queues a text message. Any thread.
     *
     * @param json the message
     * @return false when the outbox no longer accepts frames
     */
    public boolean send(String json) {
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
     * Marks the socket closed by the peer: nothing more is written, and the writer stops. Called on the socket
     * thread from {@code onClose}, under the send lock, so no frame follows Helidon's own close reply.
     */
    public void socketClosed() {
        sendLock.lock();
        try {
            socketClosed = true;
            accepting = false;
        } finally {
            sendLock.unlock();
        }
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
        LOGGER.log(Level.WARNING, () -> "session " + sessionId + ": client reads too slowly, " + queue.size()
                + " frames waiting; closing with 1008");
        accepting = false;
        queue.clear();
        queue.offer(new Frame.Close(WsCloseCodes.VIOLATED_POLICY, "client is not reading: send queue full"));
        return false;
    }

    private void run() {
        try {
            while (true) {
                Frame frame = queue.take();
                if (frame instanceof Frame.Stop) {
                    return;
                }
                sendLock.lock();
                try {
                    if (socketClosed) {
                        return;
                    }
                    switch (frame) {
                        case Frame.Text t -> ws.send(t.json(), true);
                        case Frame.Ping p -> ws.ping(BufferData.empty());
                        case Frame.Pong p -> ws.pong(p.payload());
                        case Frame.Close c -> {
                            ws.close(c.code(), c.reason());
                            socketClosed = true;
                            onStopped.run();
                            return;
                        }
                        case Frame.Stop s -> {
                            return;
                        }
                    }
                } finally {
                    sendLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "session " + sessionId + ": write failed", e);
            accepting = false;
            onStopped.run();
        }
    }

    private sealed interface Frame {
        record Text(String json) implements Frame {
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
