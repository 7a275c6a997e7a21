package dev.realtime.stt.deepgram;

import java.util.function.Consumer;

import dev.realtime.stt.SttEvent;
import dev.realtime.upstream.Fault;

/**
 * Reports a turn's events to the stream's ready results, skipping turns that must stay silent (cleared, or not yet
 * named for deltas). STT loop thread only.
 */
final class TurnEvents {

    private final Consumer<SttEvent> sink;

    TurnEvents(Consumer<SttEvent> sink) {
        this.sink = sink;
    }

    void delta(Turn turn) {
        if (turn.reported()) {
            turn.transcript.takeDelta().ifPresent(d -> sink.accept(new SttEvent.Delta(turn.item().orElseThrow(), d)));
        }
    }

    void completed(Turn turn, String transcript) {
        if (turn.reported()) {
            sink.accept(new SttEvent.Completed(turn.item().orElseThrow(), transcript));
        }
    }

    void failed(Turn turn, Fault fault) {
        if (turn.reported()) {
            sink.accept(SttEvent.Failed.upstream(turn.item().orElseThrow(), fault));
        }
    }
}
