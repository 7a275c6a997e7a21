package dev.realtime.telephony.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts a call's incoming RTP back in sequence order: a packet that arrives in order passes at once; one that
 * arrives after a gap waits until the gap is filled or {@code depth} packets are held, then the gap is given up.
 * Late packets (behind what was already passed on) and duplicates are dropped. Sequence numbers wrap at 2^16. Used by
 * one call's RTP reader thread only; not thread-safe.
 */
public final class JitterBuffer {
    private final int depth;
    private final TreeMap<Long, RtpPacket> held = new TreeMap<>();
    private long next = -1;
    private long dropped;

    /**
     * @param depth how many packets may wait for a missing one (3 = 60 ms at 20 ms packets)
     */
    public JitterBuffer(int depth) {
        this.depth = depth;
    }

    /**
     * Takes a received packet.
     *
     * @param packet the packet
     * @return the packets now ready, in order (often just this one; empty while it waits or when it was dropped)
     */
    public List<RtpPacket> offer(RtpPacket packet) {
        List<RtpPacket> ready = new ArrayList<>();
        if (next < 0) {
            next = packet.sequence();
        }
        long index = unwrap(packet.sequence());
        if (index < next || held.containsKey(index)) {
            dropped++;
            return ready;
        }
        held.put(index, packet);
        while (!held.isEmpty() && (held.firstKey() == next || held.size() > depth)) {
            var first = held.pollFirstEntry();
            ready.add(first.getValue());
            next = first.getKey() + 1;
        }
        return ready;
    }

    /** How many late or duplicate packets were dropped so far. */
    public long dropped() {
        return dropped;
    }

    /** The extended sequence number nearest the next expected one. */
    private long unwrap(int sequence) {
        long delta = (short) (sequence - (int) (next & 0xFFFF));
        return next + delta;
    }
}
