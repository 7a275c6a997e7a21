package dev.realtime.session;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;

/**
 * A session's transcription: the STT engine's current stream and the {@link SttLoop} that takes its results, opened
 * at first use and opened again after a stream died. Remembers the committed turns still waiting for their result,
 * so that a dead stream's turns can be failed. Used on the session loop only.
 */
final class SessionStt {
    private final String sessionId;
    private final SttEngine engine;
    private final Supplier<SttOptions> options;
    private final Consumer<SessionMessage> inbox;
    private final Set<String> pending = new LinkedHashSet<>();
    private Optional<SttLoop> loop = Optional.empty();

    SessionStt(String sessionId, SttEngine engine, Supplier<SttOptions> options, Consumer<SessionMessage> inbox) {
        this.sessionId = sessionId;
        this.engine = engine;
        this.options = options;
        this.inbox = inbox;
    }

    /** A turn starts: its audio follows. */
    void begin(String itemId) {
        current().stream().begin(itemId);
    }

    /** Audio of the current turn. */
    void audio(short[] samples, int count) {
        current().stream().audio(samples, count);
    }

    /** The turn ends; its result is owed. */
    void commit(String itemId) {
        current().stream().commit(itemId);
        pending.add(itemId);
    }

    /** The current turn's audio is dropped. */
    void clear() {
        loop.ifPresent(l -> l.stream().clear());
    }

    /**
     * A result arrived from a loop.
     *
     * @return true when it comes from the current stream and is to be applied
     */
    boolean accept(SttLoop from, SttEvent event) {
        if (loop.filter(l -> l == from).isEmpty()) {
            return false;
        }
        if (!(event instanceof SttEvent.Delta)) {
            pending.remove(event.itemId());
        }
        return true;
    }

    /**
     * A loop died: its stream is closed, and the next turn opens a new one.
     *
     * @return the committed turns it leaves without a result, oldest first (none for an old loop)
     */
    List<String> died(SttLoop from) {
        if (loop.filter(l -> l == from).isEmpty()) {
            return List.of();
        }
        from.stop();
        loop = Optional.empty();
        List<String> orphans = List.copyOf(pending);
        pending.clear();
        return orphans;
    }

    /** Closes the current stream (the session ends). */
    void close() {
        loop.ifPresent(SttLoop::stop);
        loop = Optional.empty();
    }

    private SttLoop current() {
        if (loop.isEmpty()) {
            loop = Optional.of(SttLoop.start(sessionId, engine.open(options.get()), inbox));
        }
        return loop.get();
    }
}
