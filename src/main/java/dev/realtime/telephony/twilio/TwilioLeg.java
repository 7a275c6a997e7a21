package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.websocket.WsCloseCodes;

import dev.realtime.session.Outbox;
import dev.realtime.telephony.PhoneLeg;

/**
 * The assistant's side of a Twilio Media Stream: its audio goes out as {@code media} messages of 20 ms of μ-law each,
 * every one followed by a {@code mark}. Twilio buffers what it is sent and plays it in order; it echoes a mark once
 * the audio before it has played, so the pieces whose marks came back are what the caller has heard. A
 * {@code clear} empties Twilio's buffer. {@link #play}, {@link #clear} and {@link #hangUp} run on the session loop,
 * {@link #marked} on the stream's connection thread; all messages go through the stream's one outbox.
 */
final class TwilioLeg implements PhoneLeg {
    private static final System.Logger LOGGER = System.getLogger(TwilioLeg.class.getName());
    /** 20 ms of G.711 at 8 kHz, the size of the pieces Twilio itself sends. */
    static final int PIECE_BYTES = 160;
    private static final int BYTES_PER_MS = 8;
    /** How long a hang-up waits for the last mark beyond the audio still to play. */
    private static final Duration HANG_UP_MARGIN = Duration.ofSeconds(2);

    private final Outbox outbox;
    private final String streamSid;
    private final String callSid;
    private final ReentrantLock lock = new ReentrantLock();
    /** Pieces sent whose marks have not come back, oldest first. */
    private final Deque<Piece> unheard = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long marks;
    private String lastItem = "";
    private String heardItem = "";
    private long heardBytes;
    private boolean hangingUp;
    private String hangUpReason = "";

    private record Piece(String mark, String itemId, int bytes) {
    }

    TwilioLeg(Outbox outbox, String streamSid, String callSid) {
        this.outbox = outbox;
        this.streamSid = streamSid;
        this.callSid = callSid;
    }

    @Override
    public void play(String itemId, byte[] audio) {
        lock.lock();
        try {
            lastItem = itemId;
            for (int from = 0; from < audio.length; from += PIECE_BYTES) {
                byte[] piece = Arrays.copyOfRange(audio, from, Math.min(audio.length, from + PIECE_BYTES));
                String mark = "p" + (++marks);
                unheard.addLast(new Piece(mark, itemId, piece.length));
                outbox.send(StreamMessages.media(streamSid, piece));
                outbox.send(StreamMessages.mark(streamSid, mark));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Twilio echoed a mark: the audio up to it has played. Marks come back in the order they were sent; one that is
     * not waiting (echoed after a {@code clear}) changes nothing.
     *
     * @param name the mark's name
     */
    void marked(String name) {
        boolean close;
        lock.lock();
        try {
            if (unheard.stream().noneMatch(p -> p.mark().equals(name))) {
                return;
            }
            Piece piece;
            do {
                piece = unheard.removeFirst();
                if (!piece.itemId().equals(heardItem)) {
                    heardItem = piece.itemId();
                    heardBytes = 0;
                }
                heardBytes += piece.bytes();
            } while (!piece.mark().equals(name));
            close = hangingUp && unheard.isEmpty();
        } finally {
            lock.unlock();
        }
        if (close) {
            close(hangUpReason);
        }
    }

    @Override
    public int clear() {
        lock.lock();
        try {
            if (!unheard.isEmpty()) {
                // every mark back means Twilio's buffer is empty: nothing to clear
                outbox.send(StreamMessages.clear(streamSid));
                unheard.clear();
            }
            return heardItem.equals(lastItem) ? (int) (heardBytes / BYTES_PER_MS) : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the stream once the last piece's mark is back, or when it should have been, whichever is first. */
    @Override
    public void hangUp(String reason) {
        long waitMs;
        lock.lock();
        try {
            hangingUp = true;
            hangUpReason = reason;
            waitMs = unheard.stream().mapToLong(Piece::bytes).sum() / BYTES_PER_MS;
        } finally {
            lock.unlock();
        }
        if (waitMs == 0) {
            close(reason);
        } else {
            LOGGER.log(Level.DEBUG, () -> "call " + callSid + ": hanging up after " + waitMs + " ms still to play");
            CompletableFuture.delayedExecutor(waitMs + HANG_UP_MARGIN.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> close(reason));
        }
    }

    private void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOGGER.log(Level.INFO, () -> "call " + callSid + ": closing its media stream (" + reason + ")");
            outbox.close(WsCloseCodes.NORMAL_CLOSE, "call ended");
        }
    }
}
