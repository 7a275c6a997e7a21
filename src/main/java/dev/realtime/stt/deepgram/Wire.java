package dev.realtime.stt.deepgram;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.realtime.upstream.UpstreamException;

/**
 * The stream's current Deepgram socket, if any: opens it, sends through it (noting when the last frame went out,
 * for keep-alives), drops it, and closes it politely. Each socket gets a new generation so events of an old one
 * can be told apart. STT loop thread only.
 */
final class Wire {

    private static final System.Logger LOGGER = System.getLogger(Wire.class.getName());
    private static final long CLOSE_WAIT_NANOS = Duration.ofSeconds(1).toNanos();

    /** Opens a socket whose events carry {@code generation}; throws {@link UpstreamException}. */
    interface Connector {
        ListenSocket connect(int generation, Duration timeout);
    }

    private final Connector connector;
    private final BlockingQueue<Command> inbox;
    private final long keepAliveNanos;
    private ListenSocket socket;
    private int generation;
    private long lastSend;
    private long unanswered;

    Wire(Connector connector, BlockingQueue<Command> inbox, Duration keepAlive) {
        this.connector = connector;
        this.inbox = inbox;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    boolean up() {
        return socket != null;
    }

    /** @return true when {@code gen} is the generation of the open socket */
    boolean current(int gen) {
        return socket != null && socket.generation() == gen;
    }

    /** @return seconds of audio sent on the open socket: where Deepgram's timestamps stand */
    double cursor() {
        return socket == null ? 0 : socket.secondsSent();
    }

    /** @throws UpstreamException when the handshake fails */
    void open(Duration timeout) {
        socket = connector.connect(++generation, timeout);
        lastSend = System.nanoTime();
        unanswered = 0;
    }

    /** Audio went out: Deepgram owes an answer from now on, unless it already owed one. */
    void audioSent(long now) {
        if (unanswered == 0) {
            unanswered = now;
        }
    }

    /** Deepgram said something on the open socket. */
    void heard() {
        unanswered = 0;
    }

    /**
     * @return {@link System#nanoTime()} since which audio has gone out without any answer from Deepgram, empty when
     *         it owes none
     */
    OptionalLong unansweredSince() {
        return socket == null || unanswered == 0 ? OptionalLong.empty() : OptionalLong.of(unanswered);
    }

    /**
     * @param action a send on the socket
     * @return empty when sent; otherwise why the socket is gone (it was dropped)
     */
    Optional<String> send(Consumer<ListenSocket> action) {
        try {
            action.accept(socket);
            lastSend = System.nanoTime();
            return Optional.empty();
        } catch (UpstreamException e) {
            drop();
            return Optional.of(e.fault().detail());
        }
    }

    /** @return {@link System#nanoTime()} when the next keep-alive is due (meaningful while up) */
    long keepAliveAt() {
        return lastSend + keepAliveNanos;
    }

    /** Sends a {@code KeepAlive} text frame if nothing was sent for the keep-alive interval. */
    Optional<String> keepAlive(long now) {
        return socket != null && now - keepAliveAt() >= 0 ? send(s -> s.sendControl("KeepAlive")) : Optional.empty();
    }

    void drop() {
        unanswered = 0;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    /** Sends {@code CloseStream}, waits briefly for Deepgram to close (it flushes and sends Metadata), drops. */
    void close() {
        if (socket == null) {
            return;
        }
        int gen = socket.generation();
        if (send(s -> s.sendControl("CloseStream")).isEmpty()) {
            try {
                long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
                for (long left = CLOSE_WAIT_NANOS; left > 0; left = deadline - System.nanoTime()) {
                    if (inbox.poll(left, TimeUnit.NANOSECONDS) instanceof Command.Dropped d && d.generation() == gen) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOGGER.log(Level.DEBUG, "Interrupted while waiting for Deepgram to close");
            }
        }
        drop();
    }
}
