package dev.realtime.telephony.sip;

import java.util.Optional;

/**
 * Reads RFC 4733 telephone-event payloads: a key press is sent as several packets with the same RTP timestamp, the
 * last ones (usually three) with the end bit. Yields each key once, on its first end packet. Used by one call's RTP
 * reader thread only; not thread-safe.
 */
public final class DtmfEvents {
    private static final String KEYS = "0123456789*#ABCD";
    private long lastEnded = -1;

    /**
     * Takes one telephone-event packet.
     *
     * @param packet the packet (its payload type already matched the negotiated telephone-event type)
     * @return the key, once per event, when this packet ends it; empty otherwise (event still going, repeated end,
     *         not a DTMF key, or a malformed payload)
     */
    public Optional<Character> offer(RtpPacket packet) {
        byte[] payload = packet.payload();
        if (payload.length < 4 || (payload[1] & 0x80) == 0) {
            return Optional.empty();
        }
        if (packet.timestamp() == lastEnded) {
            return Optional.empty();
        }
        lastEnded = packet.timestamp();
        int event = payload[0] & 0xFF;
        return event < KEYS.length() ? Optional.of(KEYS.charAt(event)) : Optional.empty();
    }

    /**
     * An event's payload, for tests and senders.
     *
     * @param key      a DTMF key
     * @param end      whether the end bit is set
     * @param duration duration so far, in timestamp units
     * @return the 4-byte payload
     */
    public static byte[] payload(char key, boolean end, int duration) {
        int event = KEYS.indexOf(key);
        if (event < 0) {
            throw new IllegalArgumentException("not a DTMF key: " + key);
        }
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }
}
