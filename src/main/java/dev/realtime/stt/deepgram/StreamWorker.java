package dev.realtime.stt.deepgram;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttException;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamException;

/**
 * The state machine of a Deepgram stream, run by the session's STT loop thread inside {@link #next()}: it takes
 * commands from the inbox, keeps the turns in order, sends audio in ~100 ms frames, keep-alives and
 * {@code Finalize}, assembles results and returns events. Only the oldest turn is on the wire; audio of later turns
 * is held until it is resolved, so results are never attributed to the wrong turn. A dropped socket is reopened
 * and the turn's audio resent. Confined to the STT loop thread.
 */
final class StreamWorker {

    static final int BATCH_BYTES = 3_200;
    private static final System.Logger LOGGER = System.getLogger(StreamWorker.class.getName());
    private static final long BATCH_NANOS = Duration.ofMillis(100).toNanos();
    private static final int MAX_RECONNECTS = 2;
    private static final double STALE_EPSILON = 0.005;

    private final DeepgramSettings settings;
    private final Wire wire;
    private final BlockingQueue<Command> inbox;
    private final ArrayDeque<SttEvent> ready = new ArrayDeque<>();
    private final TurnEvents events = new TurnEvents(ready::add);
    private final Turns turns;
    private boolean finished;

    StreamWorker(DeepgramSettings settings, Wire.Connector connector, BlockingQueue<Command> inbox) {
        this.settings = settings;
        this.wire = new Wire(connector, inbox, settings.keepAliveInterval());
        this.inbox = inbox;
        this.turns = new Turns((int) Math.min(Integer.MAX_VALUE / 4, settings.maxTurnAudio().toMillis() * 32));
    }

    /**
     * Works until there is an event to report, or the stream is closed.
     *
     * @return the next event, or empty once {@code close()} was handled
     * @throws InterruptedException when the loop thread is interrupted (the socket is dropped)
     * @throws SttException         when the state machine failed: the stream is dead, its socket dropped
     */
    Optional<SttEvent> next() throws InterruptedException {
        try {
            while (ready.isEmpty() && !finished) {
                step();
            }
            return Optional.ofNullable(ready.poll());
        } catch (InterruptedException e) {
            finished = true;
            wire.drop();
            throw e;
        } catch (RuntimeException e) {
            finished = true;
            wire.drop();
            throw new SttException(Fault.of(FailureKind.STREAM_BROKEN, "stream failed: " + Causes.describe(e)), e);
        }
    }

    private void step() throws InterruptedException {
        long now = System.nanoTime();
        OptionalLong wake = wakeAt(now);
        // blocks until a command arrives, or until the next timer of a turn or the socket is due
        Command command = wake.isPresent() ? inbox.poll(Math.max(0, wake.getAsLong() - now), TimeUnit.NANOSECONDS)
                : inbox.take();
        if (command instanceof Command.Close) {
            wire.close();
            finished = true;
            ready.clear();
            return;
        }
        if (command != null) {
            handle(command, System.nanoTime());
        }
        pump();
    }

    private void handle(Command command, long now) {
        long deadline = now + settings.resultTimeout().toNanos();
        switch (command) {
            case Command.Begin b -> turns.open().name(b.itemId());
            case Command.Audio a -> turns.open().append(a.pcm(), now);
            case Command.Commit c -> turns.commit(c.itemId(), deadline);
            case Command.Clear ignored -> turns.clear(deadline);
            case Command.Received r -> received(r);
            case Command.Dropped d -> {
                if (wire.current(d.generation())) {
                    wire.drop();
                    lost(d.reason());
                }
            }
            case Command.Close ignored -> {
            }
        }
    }

    private void received(Command.Received message) {
        if (wire.current(message.generation())) {
            wire.heard();
        }
        Turn head = turns.head();
        if (!wire.current(message.generation()) || !head.onWire() || head.failure().isPresent()) {
            return;
        }
        ListenResult result = ListenResult.parse(message.text()).orElse(null);
        if (result == null || head.wireStart() > 0 && result.end() <= head.wireStart() + STALE_EPSILON) {
            return; // not a result, or a late one for audio of a turn already resolved
        }
        head.transcript.accept(result);
        events.delta(head);
        if (result.fromFinalize() && head.finalizeSent()) {
            turns.removeHead();
            events.completed(head, head.transcript.settled());
        }
    }

    private void pump() {
        expire(System.nanoTime());
        silence(System.nanoTime());
        while (advance(turns.head(), System.nanoTime())) {
            turns.removeHead();
        }
        wire.keepAlive(System.nanoTime()).ifPresent(this::lost);
    }

    /** Moves the oldest turn forward; returns true when it is resolved (its event, if any, reported). */
    private boolean advance(Turn head, long now) {
        if (head.failure().isPresent()) {
            head.failure().filter(f -> head.committed()).ifPresent(f -> events.failed(head, f));
            return head.committed();
        }
        if (head.committed() && !head.anyOnWire() && (head.audio.size() == 0 || head.discarded())) {
            events.completed(head, "");
            return true;
        }
        if (!wire.up() && head.wantsConnection() && !connect(head, now)) {
            return advance(head, now);
        }
        if (!wire.up()) {
            return false;
        }
        if (!head.onWire()) {
            head.goOnWire(wire.cursor());
        }
        if (!head.discarded() && !flush(head, now)) {
            return false;
        }
        if (head.committed() && !head.finalizeSent()) {
            if (!transmit(s -> s.sendControl("Finalize"))) {
                return false;
            }
            head.finalizeSent(now + settings.finalizeTimeout().toNanos());
        }
        if (head.finalizeSent() && now - head.finalizeDeadline() >= 0) {
            LOGGER.log(Level.DEBUG, "No from_finalize result in time; completing with what was heard");
            events.completed(head, head.transcript.hypothesis());
            return true;
        }
        return false;
    }

    private boolean flush(Turn head, long now) {
        ResendBuffer audio = head.audio;
        while (audio.unsent() >= BATCH_BYTES
                || audio.unsent() > 0 && (head.committed() || now - audio.unsentSince() >= BATCH_NANOS)) {
            byte[] batch = audio.peek(BATCH_BYTES);
            if (!transmit(s -> s.sendAudio(batch))) {
                return false;
            }
            wire.audioSent(now);
            head.sent(batch.length, now);
        }
        return true;
    }

    private boolean connect(Turn head, long now) {
        long budget = settings.connectTimeout().toNanos();
        if (head.committed()) {
            budget = Math.min(budget, head.resultDeadline() - now);
        }
        try {
            if (budget <= 0) {
                throw new UpstreamException(Fault.of(FailureKind.TIMEOUT, "no connection within "
                        + settings.resultTimeout().toMillis() + " ms of the commit"));
            }
            wire.open(Duration.ofNanos(budget));
            return true;
        } catch (UpstreamException e) {
            LOGGER.log(Level.DEBUG, () -> "Connecting failed; the turn fails: " + e.getMessage());
            head.fail(e.fault());
            return false;
        }
    }

    private boolean transmit(Consumer<ListenSocket> send) {
        return wire.send(send).map(reason -> {
            lost(reason);
            return false;
        }).orElse(true);
    }

    /** The socket is gone: the turn using it starts over on a new one, unless it ran out of reconnects. */
    private void lost(String reason) {
        lost(reason, FailureKind.STREAM_BROKEN);
    }

    private void lost(String reason, FailureKind kind) {
        Turn head = turns.head();
        if (head.onWire() && head.failure().isEmpty()) {
            if (head.rewind(MAX_RECONNECTS, System.nanoTime())) {
                LOGGER.log(Level.INFO, reason + "; reconnecting and resending the turn's audio");
            } else {
                head.fail(Fault.of(kind, reason + " (gave up after " + MAX_RECONNECTS + " reconnects)"));
            }
        }
    }

    /** Deepgram answered none of the audio for the idle wait: the socket is taken for dead, as if dropped. */
    private void silence(long now) {
        OptionalLong since = wire.unansweredSince();
        if (since.isPresent() && now - since.getAsLong() >= settings.idleTimeout().toNanos()) {
            wire.drop();
            lost("Deepgram answered nothing for " + settings.idleTimeout().toMillis() + " ms of streamed audio",
                 FailureKind.TIMEOUT);
        }
    }

    /** Committed turns past their result deadline are resolved now with what is known. */
    private void expire(long now) {
        Turn head = turns.head();
        for (Turn turn : turns.expire(now)) {
            if (turn == head && turn.onWire()) {
                wire.drop(); // Deepgram may still hold its audio: the next turn starts on a clean socket
            }
            String heard = turn.transcript.hypothesis();
            if (heard.isEmpty()) {
                events.failed(turn, Fault.of(FailureKind.TIMEOUT, "no transcript within "
                        + settings.resultTimeout().toMillis() + " ms of the commit"));
            } else {
                events.completed(turn, heard);
            }
        }
    }

    /** @return when the state machine next has something to do without a command, empty when nothing is due */
    private OptionalLong wakeAt(long now) {
        Turn head = turns.head();
        if (!wire.up() && head.wantsConnection()) {
            return OptionalLong.of(now);
        }
        OptionalLong wake = turns.nextDeadline();
        if (wire.up()) {
            long at = Math.min(wake.orElse(Long.MAX_VALUE), wire.keepAliveAt());
            if (head.onWire() && !head.discarded() && head.audio.unsent() > 0) {
                at = Math.min(at, head.audio.unsentSince() + BATCH_NANOS);
            }
            if (head.finalizeSent()) {
                at = Math.min(at, head.finalizeDeadline());
            }
            OptionalLong since = wire.unansweredSince();
            if (since.isPresent()) {
                at = Math.min(at, since.getAsLong() + settings.idleTimeout().toNanos());
            }
            wake = OptionalLong.of(at);
        }
        return wake;
    }
}
