package dev.realtime.session;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttException;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** The STT loop blocks in the stream's take, hands results to the inbox, and tells the session when it dies. */
class SttLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<SessionMessage> inbox = new LinkedBlockingQueue<>();
    private final ScriptedSttStream stream = new ScriptedSttStream();

    @Test
    void resultsGoFromABlockingTakeToTheInbox() throws Exception {
        SttLoop loop = SttLoop.start("sess_test", stream, inbox::add);
        assertThat(stream.awaitTakes(1, WAIT), is(1));
        SttEvent.Completed done = new SttEvent.Completed("item_1", "hello");
        stream.emit(done);

        assertThat(next(), is(new SessionMessage.Stt(loop, done)));
        // back in take, blocked: one call per result and the one waiting now, no timed polling in between
        assertThat(stream.awaitTakes(2, WAIT), is(2));

        loop.stop();
        stream.taker().join(WAIT);
        assertThat(stream.closed(), is(true));
        assertThat("a stopped loop posts nothing", inbox.poll(), is(nullValue()));
    }

    @Test
    void aStreamThatDiesTellsTheSession() throws Exception {
        SttLoop loop = SttLoop.start("sess_test", stream, inbox::add);
        Fault fault = Fault.of(FailureKind.STREAM_BROKEN, "the worker crashed");
        stream.die(new SttException(fault, null));

        assertThat(next(), is(new SessionMessage.SttDied(loop, fault)));
        stream.taker().join(WAIT);
        assertThat(inbox.poll(), is(nullValue()));
    }

    @Test
    void anUnexpectedErrorIsADeathInWords() throws Exception {
        SttLoop loop = SttLoop.start("sess_test", stream, inbox::add);
        stream.die(new IllegalStateException("turn bookkeeping is off"));

        assertThat(next(), is(new SessionMessage.SttDied(loop, Fault.of(FailureKind.STREAM_BROKEN,
                                                                        "turn bookkeeping is off"))));
    }

    @Test
    void aStreamThatEndsByItselfIsADeath() throws Exception {
        SttLoop loop = SttLoop.start("sess_test", stream, inbox::add);
        stream.end();

        SessionMessage message = next();
        assertThat(message instanceof SessionMessage.SttDied died && died.source() == loop
                           && died.fault().kind() == FailureKind.STREAM_BROKEN, is(true));
    }

    private SessionMessage next() throws InterruptedException {
        SessionMessage message = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("nothing reached the inbox within " + WAIT);
        }
        return message;
    }
}
