package dev.realtime.telephony.sip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The assistant's side of a call's RTP: a queue of G.711 audio sent as one 20 ms packet per tick of a clock (never
 * in bursts), with a random SSRC, consecutive sequence numbers, timestamps that keep counting 8 kHz samples across
 * pauses, and the marker bit on the first packet of each talk spurt. {@link #play}, {@link #clear} and
 * {@link #hangUp} are called on the session's loop and only touch the queue; {@link #run} is the call's writer
 * thread.
 */
final class RtpSender {
    /** What the writer does with a packet (a datagram to the caller). */
    @FunctionalInterface
    interface Transmit {
        void send(byte[] datagram) throws IOException;
    }

    static final int FRAME = 160;
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a frame that is not full waits for the rest of its audio before it is padded with silence. */
    private static final long FILL_WAIT = TimeUnit.MILLISECONDS.toNanos(40);

    private record Chunk(String itemId, ByteBuffer audio) {
    }

    private final Codec codec;
    private final Transmit transmit;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private int queued;
    private boolean hangingUp;
    private boolean stopped;
    private String playingItem = "";
    private int playedOfItem;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);

    RtpSender(Codec codec, Transmit transmit) {
        this.codec = codec;
        this.transmit = transmit;
    }

    void play(String itemId, byte[] audio) {
        lock.lock();
        try {
            if (!hangingUp && !stopped && audio.length > 0) {
                queue.add(new Chunk(itemId, ByteBuffer.wrap(audio)));
                queued += audio.length;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued; the milliseconds of the item last sent that went out. */
    int clear() {
        lock.lock();
        try {
            queue.clear();
            queued = 0;
            return playedOfItem / 8;
        } finally {
            lock.unlock();
        }
    }

    /** After what is queued has been sent, {@link #run} returns {@code true}. */
    void hangUp() {
        lock.lock();
        try {
            hangingUp = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@link #run} return {@code false} at once. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer loop, on the call's writer thread.
     *
     * @return {@code true} when the queue ran out after {@link #hangUp}, {@code false} when stopped
     * @throws IOException when a packet cannot be sent
     * @throws InterruptedException when the thread is interrupted
     */
    boolean run() throws IOException, InterruptedException {
        long deadline = 0;
        long lastSent = 0;
        boolean spurt = false;
        while (true) {
            byte[] frame;
            String item;
            lock.lock();
            try {
                while (queued == 0 && !hangingUp && !stopped) {
                    spurt = false;
                    changed.await();
                }
                if (stopped || queued == 0) {
                    return !stopped;
                }
                long fillBy = System.nanoTime() + FILL_WAIT;
                while (queued < FRAME && !hangingUp && !stopped && changed.awaitNanos(fillBy - System.nanoTime()) > 0) {
                    // a frame's worth is on its way from the synthesiser
                }
                if (stopped || queued == 0) {
                    continue;
                }
                item = queue.peek().itemId();
                frame = take(item);
            } finally {
                lock.unlock();
            }
            long now = System.nanoTime();
            boolean marker = !spurt;
            if (!spurt) {
                // a new talk spurt: the timestamp moves on by the (whole frames of) time spent silent
                long silent = lastSent == 0 ? 0 : Math.max(1, (now - lastSent + TICK / 2) / TICK) * FRAME - FRAME;
                timestamp = (timestamp + silent) & 0xFFFFFFFFL;
                deadline = now;
                spurt = true;
            } else if (now - deadline > 3 * TICK) {
                deadline = now; // the thread was held up: resume the pace instead of catching up in a burst
            }
            LockSupport.parkNanos(deadline - System.nanoTime());
            transmit.send(new RtpPacket(codec.payloadType(), marker, sequence, timestamp, ssrc, frame).encode());
            lastSent = System.nanoTime();
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + FRAME) & 0xFFFFFFFFL;
            deadline += TICK;
        }
    }

    /** One frame of the item at the queue's head, padded with silence when its audio runs out. Holds the lock. */
    private byte[] take(String item) {
        byte[] frame = new byte[FRAME];
        int filled = 0;
        while (filled < FRAME && !queue.isEmpty() && queue.peek().itemId().equals(item)) {
            ByteBuffer audio = queue.peek().audio();
            int n = Math.min(FRAME - filled, audio.remaining());
            audio.get(frame, filled, n);
            filled += n;
            if (!audio.hasRemaining()) {
                queue.poll();
            }
        }
        queued -= filled;
        for (int i = filled; i < FRAME; i++) {
            frame[i] = codec.silence();
        }
        if (!item.equals(playingItem)) {
            playingItem = item;
            playedOfItem = 0;
        }
        playedOfItem += filled;
        return frame;
    }
}
