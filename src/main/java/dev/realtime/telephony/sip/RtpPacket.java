package dev.realtime.telephony.sip;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One RTP packet (RFC 3550) as the engine reads and writes them: version 2, no header extension or CSRCs written,
 * both skipped when read. Pure.
 *
 * @param payloadType 7-bit payload type
 * @param marker      the marker bit (the first packet of a talk spurt; the start of an RFC 4733 event)
 * @param sequence    16-bit sequence number
 * @param timestamp   32-bit media timestamp, in samples at 8 kHz for G.711
 * @param ssrc        32-bit synchronisation source
 * @param payload     the payload, not changed afterwards
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
    /** The fixed header's length. */
    public static final int HEADER = 12;

    /**
     * Reads a datagram.
     *
     * @param data   the datagram's buffer
     * @param length how many bytes of it were received
     * @return the packet, or empty when it is not RTP version 2 or is cut short
     */
    public static Optional<RtpPacket> parse(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xC0) != 0x80) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        int first = in.get() & 0xFF;
        int second = in.get() & 0xFF;
        int sequence = in.getShort() & 0xFFFF;
        long timestamp = in.getInt() & 0xFFFFFFFFL;
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        int offset = HEADER + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length < offset + 4) {
                return Optional.empty();
            }
            offset += 4 + 4 * (((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF));
        }
        int end = length;
        if ((first & 0x20) != 0 && length > offset) {
            end -= data[length - 1] & 0xFF;
        }
        if (end < offset) {
            return Optional.empty();
        }
        byte[] payload = new byte[end - offset];
        System.arraycopy(data, offset, payload, 0, payload.length);
        return Optional.of(new RtpPacket(second & 0x7F, (second & 0x80) != 0, sequence, timestamp, ssrc, payload));
    }

    /** The packet as a datagram. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length);
        out.put((byte) 0x80);
        out.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        out.putShort((short) sequence);
        out.putInt((int) timestamp);
        out.putInt((int) ssrc);
        out.put(payload);
        return out.array();
    }
}
