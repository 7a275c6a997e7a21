package dev.realtime.stt.deepgram;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.realtime.stt.SttEvent;

/**
 * The one thread of a Deepgram stream that owns its state: it takes commands from the inbox, keeps the turns in
 * order, sends audio in ~100 ms frames, keep-alives and {@code Finalize}, assembles results and reports events.
 * Only the oldest turn is on the wire; audio of later turns is held until it is resolved, so results are never
 * attributed to the wrong turn. A dropped socket is reopened and the turn's audio resent.
 */
final class StreamWorker implements Runnable {

    static final int BATCH_BYTES = 3_200;
    private static final System.Logger LOGGER = System.getLogger(StreamWorker.class.getName());
    private static final long BATCH_NANOS = Duration.ofMillis(100).toNanos();
    private static final long MAX_WAIT_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_RECONNECTS = 2;
    private static final double STALE_EPSILON = 0.005;

    private final DeepgramSettings settings;
    private final Wire wire;
    private final BlockingQueue<Command> inbox;
    private final TurnEvents events;
    private final Turns turns;

    StreamWorker(DeepgramSettings settings, Wire.Connector connector, BlockingQueue<Command> inbox,
                 Consumer<SttEvent> events) {
        this.settings = settings;
        this.wire = new Wire(connector, inbox, settings.keepAliveInterval());
        this.inbox = inbox;
        this.events = new TurnEvents(events);
        this.turns = new Turns((int) Math.min(Integer.MAX_VALUE / 4, settings.maxTurnAudio().toMillis() * 32));
    }

    @Override
    public void run() {
        try {
            while (true) {
                Command command = inbox.poll(waitNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
                if (command instanceof Command.Close) {
                    wire.close();
                    return;
                }
                try {
                    if (command != null) {
                        handle(command, System.nanoTime());
                    }
                    pump();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "Deepgram stream failed; failing its pending turns", e);
                    reset("Deepgram stream failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            wire.drop();
        }
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
                    lost("Deepgram connection " + d.reason());
                }
            }
            case Command.Close ignored -> {
            }
        }
    }

    private void received(Command.Received message) {
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
        while (advance(turns.head(), System.nanoTime())) {
            turns.removeHead();
        }
        wire.keepAlive(System.nanoTime()).ifPresent(this::lost);
    }

    /** Moves the oldest turn forward; returns true when it is resolved (its event, if any, reported). */
    private boolean advance(Turn head, long now) {
        if (head.failure().isPresent()) {
            head.failure().filter(f -> head.committed()).ifPresent(f -> events.failed(head, f.code(), f.message()));
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
        TurnAudio audio = head.audio;
        while (audio.unsent() >= BATCH_BYTES
                || audio.unsent() > 0 && (head.committed() || now - audio.unsentSince() >= BATCH_NANOS)) {
            byte[] batch = audio.peek(BATCH_BYTES);
            if (!transmit(s -> s.sendAudio(batch))) {
                return false;
            }
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
                throw new UpstreamFailure("upstream_timeout", "Deepgram could not be reached within "
                        + settings.resultTimeout().toMillis() + " ms of the commit", null);
            }
            wire.open(Duration.ofNanos(budget));
            return true;
        } catch (UpstreamFailure e) {
            LOGGER.log(Level.WARNING, e.getMessage());
            head.fail(e.code(), e.getMessage());
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
        Turn head = turns.head();
        if (head.onWire() && head.failure().isEmpty()) {
            if (head.rewind(MAX_RECONNECTS, System.nanoTime())) {
                LOGGER.log(Level.INFO, reason + "; reconnecting and resending the turn's audio");
            } else {
                head.fail("upstream_error", reason + " (gave up after " + MAX_RECONNECTS + " reconnects)");
            }
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
                events.failed(turn, "upstream_timeout", "Deepgram gave no transcript within "
                        + settings.resultTimeout().toMillis() + " ms of the commit");
            } else {
                events.completed(turn, heard);
            }
        }
    }

    private long waitNanos(long now) {
        Turn head = turns.head();
        if (!wire.up() && head.wantsConnection()) {
            return 0;
        }
        long wake = now + MAX_WAIT_NANOS;
        if (wire.up()) {
            wake = Math.min(wake, wire.keepAliveAt());
            if (head.onWire() && !head.discarded() && head.audio.unsent() > 0) {
                wake = Math.min(wake, head.audio.unsentSince() + BATCH_NANOS);
            }
            if (head.finalizeSent()) {
                wake = Math.min(wake, head.finalizeDeadline());
            }
        }
        wake = Math.min(wake, turns.nextDeadline().orElse(wake));
        return Math.max(0, wake - now);
    }

    private void reset(String reason) {
        wire.drop();
        turns.reset().forEach(t -> events.failed(t, "upstream_error", reason));
    }
}
