package dev.realtime.telephony.sip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

class RtpSenderTest {
    /** What the sender put on the wire, with when. */
    private static final class Wire implements RtpSender.Transmit {
        private final ReentrantLock lock = new ReentrantLock();
        private final List<RtpPacket> packets = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final Semaphore sent = new Semaphore(0);

        @Override
        public void send(byte[] datagram) {
            lock.lock();
            try {
                packets.add(RtpPacket.parse(datagram, datagram.length).orElseThrow());
                times.add(System.nanoTime());
            } finally {
                lock.unlock();
            }
            sent.release();
        }

        void await(int count) throws InterruptedException {
            assertThat("sent within 5 s", sent.tryAcquire(count, 5, TimeUnit.SECONDS), is(true));
        }

        List<RtpPacket> packets() {
            lock.lock();
            try {
                return List.copyOf(packets);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void audioGoesOutAsPaced20MsFramesInOrderThenTheHangUpWaitsForIt() throws Exception {
        Wire wire = new Wire();
        RtpSender sender = new RtpSender(Codec.PCMU, wire);
        CompletableFuture<Boolean> run = start(sender);
        byte[] audio = new byte[5 * 160 + 100];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i / 160 + 1);
        }
        sender.play("item_1", Arrays.copyOfRange(audio, 0, 333));
        sender.play("item_1", Arrays.copyOfRange(audio, 333, audio.length));
        sender.hangUp();
        assertThat("the writer ends after the queue once hung up", run.get(5, TimeUnit.SECONDS), is(true));
        List<RtpPacket> packets = wire.packets();
        assertThat(packets.size(), is(6));
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            assertThat(p.payloadType(), is(0));
            assertThat(p.marker(), is(i == 0));
            assertThat(p.ssrc(), is(packets.getFirst().ssrc()));
            assertThat(p.sequence(), is((packets.getFirst().sequence() + i) & 0xFFFF));
            assertThat(p.timestamp(), is((packets.getFirst().timestamp() + 160L * i) & 0xFFFFFFFFL));
            assertThat("frame " + i + " carries its own audio", p.payload()[0], is((byte) (i + 1)));
        }
        assertThat("the last frame is padded with μ-law silence", packets.getLast().payload()[100], is((byte) 0xFF));
        long span = wire.times.getLast() - wire.times.getFirst();
        assertThat("paced by a clock, not sent in a burst (ms)", TimeUnit.NANOSECONDS.toMillis(span),
                   greaterThanOrEqualTo(90L));
    }

    @Test
    void clearDropsTheQueueAndTellsWhatWasSentOfTheItem() throws Exception {
        Wire wire = new Wire();
        RtpSender sender = new RtpSender(Codec.PCMA, wire);
        CompletableFuture<Boolean> run = start(sender);
        sender.play("item_1", new byte[160 * 50]);
        wire.await(5);
        int heard = sender.clear();
        sender.hangUp();
        assertThat(run.get(5, TimeUnit.SECONDS), is(true));
        int sent = wire.packets().size();
        assertThat("only what was under way went out after the clear", sent, is(heard / 20));
        assertThat(heard, greaterThanOrEqualTo(100));
        sender.play("item_2", new byte[160]);
        assertThat("nothing is queued after the hang-up", wire.packets().size(), is(sent));
    }

    @Test
    void aPauseStartsANewTalkSpurtWithTheMarkerAndTheTimestampMovedOn() throws Exception {
        Wire wire = new Wire();
        RtpSender sender = new RtpSender(Codec.PCMU, wire);
        CompletableFuture<Boolean> run = start(sender);
        sender.play("item_1", new byte[320]);
        wire.await(2);
        Thread.sleep(200); // the pause under test: the assistant is silent for 200 ms
        sender.play("item_2", new byte[320]);
        sender.hangUp();
        assertThat(run.get(5, TimeUnit.SECONDS), is(true));
        List<RtpPacket> p = wire.packets();
        assertThat(p.size(), is(4));
        assertThat(p.stream().map(RtpPacket::marker).toList(), is(List.of(true, false, true, false)));
        assertThat(p.get(2).sequence(), is((p.get(1).sequence() + 1) & 0xFFFF));
        long jump = (p.get(2).timestamp() - p.get(1).timestamp()) & 0xFFFFFFFFL;
        assertThat("the silence counts in samples, in whole frames", jump % 160, is(0L));
        assertThat(jump, greaterThanOrEqualTo(160L * 8));
        assertThat("the new item's heard time starts again", sender.clear(), is(40));
    }

    @Test
    void stopEndsTheWriterAtOnce() throws Exception {
        Wire wire = new Wire();
        RtpSender sender = new RtpSender(Codec.PCMU, wire);
        CompletableFuture<Boolean> run = start(sender);
        sender.play("item_1", new byte[160 * 500]);
        wire.await(1);
        sender.stop();
        assertThat("stopped, not played out", run.get(5, TimeUnit.SECONDS), is(false));
        assertThat(wire.packets().size() < 500, is(true));
    }

    private static CompletableFuture<Boolean> start(RtpSender sender) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                done.complete(sender.run());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
