package dev.realtime.stt.deepgram;

import java.util.Optional;

import dev.realtime.upstream.Fault;

/**
 * One turn of a Deepgram stream: its item, its audio, where it stands on the current connection and its text.
 * The stream keeps turns in order; only the oldest one is on the wire, later ones hold their audio until it is
 * resolved. STT loop thread only.
 */
final class Turn {

    final ResendBuffer audio;
    final Transcript transcript = new Transcript();
    private Optional<String> item = Optional.empty();
    private Optional<Fault> failure = Optional.empty();
    private boolean committed;
    private boolean discarded;
    private long resultDeadline;
    private boolean onWire;
    private double wireStart;
    private long wireBytes;
    private boolean finalizeSent;
    private long finalizeDeadline;
    private int reconnects;

    Turn(int maxBytes) {
        this.audio = new ResendBuffer(maxBytes);
    }

    void name(String itemId) {
        item = Optional.of(itemId);
    }

    /** Audio of this turn; dropped once the turn has failed. */
    void append(byte[] pcm, long now) {
        if (failure.isEmpty()) {
            audio.append(pcm, now);
        }
    }

    Optional<String> item() {
        return item;
    }

    /** The turn ends; its result is owed by {@code deadline} ({@link System#nanoTime()}). */
    void commit(String itemId, long deadline) {
        item = Optional.of(itemId);
        committed = true;
        resultDeadline = deadline;
    }

    /** The turn was cleared: its audio is flushed through Deepgram like a commit, but nothing is reported. */
    void discard(long deadline) {
        committed = true;
        discarded = true;
        resultDeadline = deadline;
    }

    boolean committed() {
        return committed;
    }

    /** @return true when results must be reported for this turn (deltas need a name, too) */
    boolean reported() {
        return !discarded && item.isPresent();
    }

    long resultDeadline() {
        return resultDeadline;
    }

    /** @return true while this turn has a reason to hold a connection open */
    boolean wantsConnection() {
        return failure.isEmpty() && (audio.size() > 0 || (!committed && item.isPresent()));
    }

    void fail(Fault fault) {
        failure = Optional.of(fault);
        audio.clear();
    }

    Optional<Fault> failure() {
        return failure;
    }

    /** The turn starts using a connection whose audio cursor stands at {@code cursorSeconds}. */
    void goOnWire(double cursorSeconds) {
        onWire = true;
        wireStart = cursorSeconds;
    }

    boolean onWire() {
        return onWire;
    }

    /** Audio bytes of this turn went out on the current connection. */
    void sent(int count, long now) {
        audio.markSent(count, now);
        wireBytes += count;
    }

    /** @return true when Deepgram holds audio of this turn (so a {@code Finalize} is needed to flush it) */
    boolean anyOnWire() {
        return wireBytes > 0;
    }

    boolean discarded() {
        return discarded;
    }

    /** @return the connection's audio cursor when this turn started on it; earlier results are stale */
    double wireStart() {
        return wireStart;
    }

    void finalizeSent(long deadline) {
        finalizeSent = true;
        finalizeDeadline = deadline;
    }

    boolean finalizeSent() {
        return finalizeSent;
    }

    long finalizeDeadline() {
        return finalizeDeadline;
    }

    /**
     * The connection dropped while this turn used it: resend everything on the next one.
     *
     * @param maxReconnects reconnects allowed per turn
     * @param now           {@link System#nanoTime()}
     * @return false when the turn used up its reconnects
     */
    boolean rewind(int maxReconnects, long now) {
        boolean used = wireBytes > 0 || finalizeSent;
        onWire = false;
        wireBytes = 0;
        finalizeSent = false;
        transcript.restart();
        audio.rewind(now);
        return !used || ++reconnects <= maxReconnects;
    }
}
