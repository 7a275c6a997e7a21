package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.realtime.socket.CloseReason;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A connection's end gives its admission slot back once, however many parties end it at the same time. */
class SessionEndTest {
    @Test
    void manyEndersReleaseTheSlotOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger released = new AtomicInteger();
            AtomicInteger forgotten = new AtomicInteger();
            SessionEnd end = new SessionEnd(released::incrementAndGet, e -> forgotten.incrementAndGet());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> enders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean socket = i % 2 == 0;
                enders.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (socket) {
                        end.socketEnded(CloseReason.DROPPED, "test");
                    } else {
                        end.end(CloseReason.SERVER, 1001, "test");
                    }
                }));
            }
            go.countDown();
            for (Thread t : enders) {
                t.join();
            }
            assertThat(released.get(), is(1));
            assertThat(forgotten.get(), is(1));
            assertThat(end.ended(), is(true));
        }
    }
}
