package dev.realtime.telephony.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** One call's RTP over real UDP sockets on 127.0.0.1: the test plays the phone. */
class RtpLegTest {
    /** What the leg told its call, in order. */
    private static final class Heard implements RtpLeg.Caller {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();

        @Override
        public void hear(byte[] audio) {
            events.add("audio " + audio[0]);
        }

        @Override
        public void dtmf(char key) {
            events.add("key " + key);
        }

        @Override
        public void played() {
            events.add("played");
        }

        @Override
        public void failed(String kind, Exception cause) {
            failed.complete(kind);
        }

        String next() throws InterruptedException {
            String event = events.poll(5, TimeUnit.SECONDS);
            assertThat("an event from the leg within 5 s", event != null, is(true));
            return event;
        }
    }

    @Test
    void theCallersPacketsArriveInOrderAndAKeyOnceThenTheAnswerGoesOutAndTheHangUpWaitsForIt() throws Exception {
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket engine = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Heard heard = new Heard();
            SdpOffer offer = new SdpOffer((InetSocketAddress) phone.getLocalSocketAddress(), Codec.PCMU,
                                          OptionalInt.of(101));
            RtpLeg leg = new RtpLeg(engine, offer, heard);
            leg.start("test");
            // audio 1, 3 (ahead of 2), 2, then the key "9" (three progress packets, three repeated ends), audio 4
            List<RtpPacket> packets = new ArrayList<>();
            packets.add(audio(1));
            packets.add(audio(3));
            packets.add(audio(2));
            for (int i = 0; i < 6; i++) {
                packets.add(new RtpPacket(101, i == 0, 4 + i, 4800, 1, DtmfEvents.payload('9', i >= 3, 160 * (i + 1))));
            }
            packets.add(new RtpPacket(0, false, 10, 9600, 1, new byte[] {4}));
            for (RtpPacket p : packets) {
                byte[] wire = p.encode();
                phone.send(new DatagramPacket(wire, wire.length, engine.getLocalSocketAddress()));
            }
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(heard.next());
            }
            assertThat(events, is(List.of("audio 1", "audio 2", "audio 3", "key 9", "audio 4")));

            leg.play("item_1", new byte[400]);
            leg.hangUp("done");
            assertThat(heard.next(), is("played"));
            phone.setSoTimeout(2000);
            byte[] buffer = new byte[2048];
            List<RtpPacket> answer = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                phone.receive(datagram);
                answer.add(RtpPacket.parse(buffer, datagram.getLength()).orElseThrow());
            }
            assertThat(answer.stream().map(p -> p.payload().length).toList(), is(List.of(160, 160, 160)));
            phone.setSoTimeout(300);
            boolean more;
            try {
                phone.receive(new DatagramPacket(buffer, buffer.length));
                more = true;
            } catch (SocketTimeoutException e) {
                more = false;
            }
            assertThat("400 bytes are three frames, no more", more, is(false));
            leg.close();
        }
    }

    @Test
    void aCallerThatSendsNothingForTooLongIsTakenForGone() throws Exception {
        try (DatagramSocket engine = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Heard heard = new Heard();
            SdpOffer offer = new SdpOffer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), Codec.PCMA,
                                          OptionalInt.empty());
            RtpLeg leg = new RtpLeg(engine, offer, heard, Duration.ofMillis(200));
            leg.start("silent");
            assertThat(heard.failed.get(5, TimeUnit.SECONDS), is("rtp_timeout"));
            leg.close();
        }
    }

    private static RtpPacket audio(int sequence) {
        return new RtpPacket(0, sequence == 1, sequence, 160L * sequence, 1, new byte[] {(byte) sequence});
    }
}
