package dev.realtime.warmup;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.realtime.telephony.sip.Codec;
import dev.realtime.telephony.sip.RtpPacket;
import dev.realtime.telephony.sip.SdpOffer;

/**
 * One warm-up phone call over SIP, as a caller plays it: dial, and once answered, two turns of the spoken question
 * as PCMU RTP at 20 ms with the noise floor in between, each time listening until the engine's spoken answer has
 * come and stopped; then hang up. Runs on the call's own thread; every wait ends by {@code deadline}.
 */
final class WarmUpCall implements PhoneScript.Line {
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(20);

    private final WarmUpPhone phone;
    private final WarmUpAudio audio;
    private final WarmUpTally tally;
    private final long deadline;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private final byte[] received = new byte[1500];
    private DatagramSocket rtp;
    private InetSocketAddress engine;
    private long nextTick;
    private int sequence;

    WarmUpCall(WarmUpPhone phone, WarmUpAudio audio, WarmUpTally tally, long deadlineNanos) {
        this.phone = phone;
        this.audio = audio;
        this.tally = tally;
        this.deadline = deadlineNanos;
    }

    /**
     * Places the call and plays it.
     *
     * @throws IOException          when the RTP socket fails
     * @throws WarmUpException      when the engine refuses, does not answer, or does not hang up cleanly
     * @throws InterruptedException when the warm-up is stopped
     */
    void play() throws IOException, InterruptedException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            rtp = socket;
            WarmUpPhone.Answered call = phone.invite("100", socket);
            engine = SdpOffer.negotiate(call.sdp()).map(SdpOffer::remote)
                    .orElseThrow(() -> new WarmUpException("the engine's SDP has no PCMU audio: " + call.sdp()));
            nextTick = System.nanoTime();
            new PhoneScript(audio, tally, deadline).play(this);
            phone.bye(call);
            tally.callHungUp();
        }
    }

    /** Reads the engine's RTP until the next 20 ms tick; @return whether audio came in that time. */
    @Override
    public boolean listenUntilTick() throws IOException {
        nextTick += TICK;
        boolean heard = false;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime());
            if (left <= 0) {
                return heard;
            }
            rtp.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(received, received.length);
            try {
                rtp.receive(packet);
            } catch (SocketTimeoutException e) {
                return heard;
            }
            heard |= RtpPacket.parse(packet.getData(), packet.getLength())
                    .filter(p -> p.payloadType() == Codec.PCMU.payloadType()).isPresent();
        }
    }

    @Override
    public void say(byte[] payload, boolean talkSpurt) throws IOException {
        byte[] datagram = new RtpPacket(Codec.PCMU.payloadType(), talkSpurt, sequence & 0xFFFF,
                                        ((long) sequence * payload.length) & 0xFFFFFFFFL, ssrc, payload).encode();
        sequence++;
        rtp.send(new DatagramPacket(datagram, datagram.length, engine));
    }
}
