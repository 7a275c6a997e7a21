package dev.realtime.telephony.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

class RtpPacketTest {
    @Test
    void aPacketReadsBackAsItWasWritten() {
        RtpPacket packet = new RtpPacket(0, true, 65535, 0xFFFFFF60L, 0xDEADBEEFL, new byte[] {1, 2, 3});
        byte[] wire = packet.encode();
        assertThat(wire.length, is(15));
        assertThat(wire[0], is((byte) 0x80));
        assertThat(wire[1], is((byte) 0x80));
        RtpPacket read = RtpPacket.parse(wire, wire.length).orElseThrow();
        assertThat(read.payloadType(), is(0));
        assertThat(read.marker(), is(true));
        assertThat(read.sequence(), is(65535));
        assertThat(read.timestamp(), is(0xFFFFFF60L));
        assertThat(read.ssrc(), is(0xDEADBEEFL));
        assertThat(read.payload(), is(new byte[] {1, 2, 3}));
    }

    @Test
    void csrcsAnExtensionAndPaddingAreSkipped() {
        byte[] wire = {
            (byte) 0xB1, 8, 0, 7, 0, 0, 0, 9, 0, 0, 0, 1, // V=2, padding, extension, one CSRC; PCMA
            0, 0, 0, 2, // the CSRC
            0x10, 0x00, 0, 1, 9, 9, 9, 9, // extension header, one word
            5, 6, 7, // payload
            0, 0, 3, // padding of 3 (its count last)
        };
        RtpPacket read = RtpPacket.parse(wire, wire.length).orElseThrow();
        assertThat(read.payloadType(), is(8));
        assertThat(read.sequence(), is(7));
        assertThat(read.payload(), is(new byte[] {5, 6, 7}));
    }

    @Test
    void notRtpOrCutShortIsNothing() {
        assertThat(RtpPacket.parse(new byte[11], 11), is(Optional.empty()));
        byte[] version1 = new RtpPacket(0, false, 1, 1, 1, new byte[4]).encode();
        version1[0] = 0x40;
        assertThat(RtpPacket.parse(version1, version1.length), is(Optional.empty()));
        byte[] extension = new RtpPacket(0, false, 1, 1, 1, new byte[0]).encode();
        extension[0] = (byte) 0x90;
        assertThat(RtpPacket.parse(extension, extension.length), is(Optional.empty()));
    }

    @Test
    void theJitterBufferPassesPacketsInOrderAtOnce() {
        JitterBuffer jitter = new JitterBuffer(3);
        List<Integer> out = new ArrayList<>();
        for (int seq : new int[] {10, 11, 12}) {
            List<RtpPacket> ready = jitter.offer(packet(seq));
            assertThat("in order: no wait", ready.size(), is(1));
            ready.forEach(p -> out.add(p.sequence()));
        }
        assertThat(out, contains(10, 11, 12));
    }

    @Test
    void theJitterBufferReordersDropsLateAndDuplicatesAndGivesUpAGapWhenFull() {
        JitterBuffer jitter = new JitterBuffer(3);
        List<Integer> out = new ArrayList<>();
        for (int seq : new int[] {100, 102, 101, 101, 99, 104, 105, 106, 107, 103}) {
            jitter.offer(packet(seq)).forEach(p -> out.add(p.sequence()));
        }
        // 102 waits for 101; 101 twice (the second a duplicate); 99 late; 103 never comes in time: after 104-106 are
        // held the gap is given up, and 103 arriving afterwards is late
        assertThat(out, contains(100, 101, 102, 104, 105, 106, 107));
        assertThat(jitter.dropped(), is(3L));
    }

    @Test
    void theJitterBufferFollowsTheSequenceAcrossItsWrap() {
        JitterBuffer jitter = new JitterBuffer(3);
        List<Integer> out = new ArrayList<>();
        for (int seq : new int[] {65534, 0, 65535, 1}) {
            jitter.offer(packet(seq)).forEach(p -> out.add(p.sequence()));
        }
        assertThat(out, contains(65534, 65535, 0, 1));
        assertThat("a duplicate after the wrap", jitter.offer(packet(0)), is(empty()));
    }

    private static RtpPacket packet(int sequence) {
        return new RtpPacket(0, false, sequence, 160L * sequence, 1, new byte[0]);
    }
}
