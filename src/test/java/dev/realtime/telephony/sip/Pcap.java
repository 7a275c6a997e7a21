package dev.realtime.telephony.sip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a caller's RTP (G.711 audio in 20 ms packets, RFC 4733 key presses) as a libpcap file, over UDP/IPv4 on
 * Ethernet, 20 ms apart: what sipp's {@code play_pcap_audio} replays (it keeps the RTP and the timing, and rewrites
 * the addresses). Test thread.
 */
final class Pcap {
    private static final int FRAME = 160;
    private static final long SSRC = 0x5150CA11L;

    private Pcap() {
    }

    /**
     * G.711 audio as 20 ms RTP packets (the last padded with silence), the first with the marker bit.
     *
     * @param audio       G.711 bytes at 8 kHz
     * @param payloadType 0 (PCMU) or 8 (PCMA)
     * @param sequence    the first sequence number
     * @return the packets
     */
    static List<RtpPacket> audio(byte[] audio, int payloadType, int sequence) {
        List<RtpPacket> packets = new ArrayList<>();
        for (int i = 0; i * FRAME < audio.length; i++) {
            byte[] payload = new byte[FRAME];
            int n = Math.min(FRAME, audio.length - i * FRAME);
            System.arraycopy(audio, i * FRAME, payload, 0, n);
            Arrays.fill(payload, n, FRAME, payloadType == 0 ? (byte) 0xFF : (byte) 0xD5);
            packets.add(new RtpPacket(payloadType, i == 0, (sequence + i) & 0xFFFF, 8000L + (long) i * FRAME, SSRC,
                                      payload));
        }
        return packets;
    }

    /**
     * A key press as RFC 4733 sends it: five progress packets and three end packets, one event timestamp.
     *
     * @param key         the key
     * @param payloadType the telephone-event payload type
     * @param sequence    the first sequence number
     * @param timestamp   the event's timestamp
     * @return the packets
     */
    static List<RtpPacket> key(char key, int payloadType, int sequence, long timestamp) {
        List<RtpPacket> packets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            packets.add(new RtpPacket(payloadType, i == 0, (sequence + i) & 0xFFFF, timestamp, SSRC,
                                      DtmfEvents.payload(key, i >= 5, Math.min(i + 1, 5) * FRAME)));
        }
        return packets;
    }

    /**
     * Writes packets 20 ms apart.
     *
     * @param file    where to write
     * @param packets the RTP packets
     */
    static void write(Path file, List<RtpPacket> packets) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(24 + packets.size() * (16 + 14 + 20 + 8 + RtpPacket.HEADER + FRAME))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        for (int i = 0; i < packets.size(); i++) {
            byte[] rtp = packets.get(i).encode();
            long micros = i * 20_000L;
            int length = 14 + 20 + 8 + rtp.length;
            out.putInt((int) (1_700_000_000 + micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(length).putInt(length);
            out.order(ByteOrder.BIG_ENDIAN);
            out.put(new byte[12]).putShort((short) 0x0800); // Ethernet: addresses unused, IPv4
            int ip = out.position();
            out.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + rtp.length)).putShort((short) i)
                    .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            out.putShort(ip + 10, checksum(out.array(), ip, 20));
            out.putShort((short) 6000).putShort((short) 6002).putShort((short) (8 + rtp.length)).putShort((short) 0);
            out.put(rtp);
            out.order(ByteOrder.LITTLE_ENDIAN);
        }
        Files.write(file, Arrays.copyOf(out.array(), out.position()));
    }

    private static short checksum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((data[offset + i] & 0xFF) << 8) | (data[offset + i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
