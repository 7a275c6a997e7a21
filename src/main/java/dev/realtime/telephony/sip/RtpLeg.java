package dev.realtime.telephony.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.realtime.telephony.CallMetrics;
import dev.realtime.telephony.PhoneLeg;

/**
 * One SIP call's media: its RTP socket, a reader thread (jitter buffer, then the caller's audio and RFC 4733 keys to
 * {@link Caller}) and a writer thread ({@link RtpSender}, 20 ms packets to the address the caller's SDP gave). The
 * {@link PhoneLeg} methods run on the session's loop and only queue. Both threads are virtual and end when the leg
 * is closed.
 */
final class RtpLeg implements PhoneLeg {
    /** Where the leg reports; called on the leg's reader or writer thread. */
    interface Caller {
        /** A 20 ms frame (or whatever the caller packs) of the caller's G.711 audio, in order. */
        void hear(byte[] audio);

        /** A key pressed, once per press. */
        void dtmf(char key);

        /** The engine's hang-up: what was queued has been sent. */
        void played();

        /**
         * A thread of the leg died.
         *
         * @param kind  {@code rtp_receive}, {@code rtp_timeout} or {@code rtp_send}
         * @param cause why
         */
        void failed(String kind, Exception cause);
    }

    /** Packets that may wait for a missing one: 60 ms. */
    private static final int JITTER_DEPTH = 3;
    private static final int MAX_DATAGRAM = 1500;
    /** A caller that sent no RTP for this long has gone without a BYE (its network, its phone): the call ends. */
    static final Duration SILENT_CALLER = Duration.ofSeconds(60);

    private final DatagramSocket socket;
    private final SdpOffer offer;
    private final Caller caller;
    private final RtpSender sender;
    private final Duration silentCaller;

    RtpLeg(DatagramSocket socket, SdpOffer offer, Caller caller) {
        this(socket, offer, caller, SILENT_CALLER);
    }

    RtpLeg(DatagramSocket socket, SdpOffer offer, Caller caller, Duration silentCaller) {
        this.socket = socket;
        this.offer = offer;
        this.caller = caller;
        this.silentCaller = silentCaller;
        InetSocketAddress remote = offer.remote();
        this.sender = new RtpSender(offer.codec(), d -> socket.send(new DatagramPacket(d, d.length, remote)));
    }

    /** Starts the reader and the writer. */
    void start(String name) {
        Thread.ofVirtual().name("rtp-in-" + name).start(this::read);
        Thread.ofVirtual().name("rtp-out-" + name).start(this::write);
    }

    @Override
    public void play(String itemId, byte[] audio) {
        sender.play(itemId, audio);
    }

    @Override
    public int clear() {
        return sender.clear();
    }

    @Override
    public void hangUp(String reason) {
        sender.hangUp();
    }

    /** The engine's RTP address for the SDP answer. */
    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Ends both threads and frees the port. Idempotent, any thread. */
    void close() {
        sender.stop();
        socket.close();
    }

    private void read() {
        JitterBuffer jitter = new JitterBuffer(JITTER_DEPTH);
        DtmfEvents keys = new DtmfEvents();
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        int audioType = offer.codec().payloadType();
        int keyType = offer.telephoneEvent().orElse(-1);
        try {
            socket.setSoTimeout((int) silentCaller.toMillis());
        } catch (IOException e) {
            caller.failed("rtp_receive", e);
            return;
        }
        while (!socket.isClosed()) {
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                caller.failed("rtp_timeout", new IOException("no RTP from the caller for " + silentCaller.toMillis()
                        + " ms"));
                return;
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    caller.failed("rtp_receive", e);
                }
                return;
            }
            // audio and key events share one sequence space: ordered together, so a key press leaves no gap
            RtpPacket.parse(buffer, datagram.getLength()).ifPresentOrElse(packet -> jitter.offer(packet).forEach(p -> {
                if (p.payloadType() == audioType) {
                    caller.hear(p.payload());
                } else if (p.payloadType() == keyType) {
                    keys.offer(p).ifPresent(caller::dtmf);
                }
            }), () -> CallMetrics.badMessage(SipMetrics.TRANSPORT, "not_rtp"));
        }
    }

    private void write() {
        try {
            if (sender.run()) {
                caller.played();
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                caller.failed("rtp_send", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
