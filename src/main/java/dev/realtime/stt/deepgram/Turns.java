package dev.realtime.stt.deepgram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The turns of a stream in order: committed (or cleared) turns waiting for their results, then exactly one open
 * turn that takes the session's audio. The oldest (the head) is the one on the wire. STT loop thread only.
 */
final class Turns {

    private final int maxTurnBytes;
    private final Deque<Turn> turns = new ArrayDeque<>();

    Turns(int maxTurnBytes) {
        this.maxTurnBytes = maxTurnBytes;
        turns.add(new Turn(maxTurnBytes));
    }

    Turn head() {
        return turns.getFirst();
    }

    /** @return the turn taking audio now */
    Turn open() {
        return turns.getLast();
    }

    void removeHead() {
        turns.removeFirst();
    }

    /** Ends the open turn; its result is owed by {@code deadline}; audio from now on is the next turn's. */
    void commit(String itemId, long deadline) {
        open().commit(itemId, deadline);
        turns.addLast(new Turn(maxTurnBytes));
    }

    /** Drops the open turn: its audio already sent is flushed through Deepgram silently. */
    void clear(long deadline) {
        open().discard(deadline);
        turns.addLast(new Turn(maxTurnBytes));
    }

    /**
     * Removes committed turns whose result deadline passed.
     *
     * @return them, oldest first
     */
    List<Turn> expire(long now) {
        List<Turn> expired = new ArrayList<>();
        for (Iterator<Turn> it = turns.iterator(); it.hasNext(); ) {
            Turn turn = it.next();
            if (turn.committed() && now - turn.resultDeadline() >= 0) {
                it.remove();
                expired.add(turn);
            }
        }
        return expired;
    }

    /** @return the earliest result deadline of a committed turn */
    OptionalLong nextDeadline() {
        return turns.stream().filter(Turn::committed).mapToLong(Turn::resultDeadline).min();
    }
}
