package dev.realtime.session;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

class LimitTicksTest {

    @Test
    void aTickReachesTheInboxEvenWhenItWasFullAtFirst() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true); // as the engine's
        try {
            BlockingQueue<SessionMessage> inbox = new ArrayBlockingQueue<>(1);
            inbox.add(new SessionMessage.Close());
            LimitTicks ticks = new LimitTicks(timers, inbox);
            ticks.arm(TimeUnit.MILLISECONDS.toNanos(5));
            // the inbox is full when the tick is due; it is retried until the loop has taken the first message
            assertThat(inbox.take(), instanceOf(SessionMessage.Close.class));
            assertThat(inbox.poll(10, TimeUnit.SECONDS), instanceOf(SessionMessage.Tick.class));
            ticks.arm(TimeUnit.HOURS.toNanos(1));
            assertThat(timers.getQueue().size(), is(1));
            ticks.stop();
            assertThat("a stopped session leaves nothing scheduled", timers.getQueue().isEmpty(), is(true));
        } finally {
            timers.shutdownNow();
        }
    }
}
