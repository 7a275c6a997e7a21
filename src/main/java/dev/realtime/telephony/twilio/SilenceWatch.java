package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.realtime.socket.ClientSocket;
import dev.realtime.socket.CloseReason;

/**
 * Ends a Twilio media stream that has gone silent without closing (Twilio's side lost with the network: no FIN, no
 * close frame). The check runs every {@link #CHECK} on the engine's timer pool and never blocks: it aborts the
 * socket, and the connection's thread then ends the call as for any lost socket. Made on the connection's thread in
 * {@code onOpen}; {@link #stop} from any thread.
 */
final class SilenceWatch {
    /**
     * Twilio sends a {@code media} message every 20 ms for the whole call, silence included, so a stream this long
     * without a frame is gone: far past any network jitter, far short of the HTTP idle timeout (5 minutes) that
     * would otherwise hold the session, its place and its providers. Fixed: nothing about a deployment changes it.
     */
    static final Duration LIMIT = Duration.ofSeconds(10);
    /** How often the silence is looked at: a lost stream ends within the limit plus this. */
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final System.Logger LOGGER = System.getLogger(SilenceWatch.class.getName());

    private final AtomicBoolean done = new AtomicBoolean();
    private final ScheduledFuture<?> check;

    private SilenceWatch(ScheduledExecutorService timers, ClientSocket socket, Supplier<String> callSid) {
        this.check = timers.scheduleAtFixedRate(() -> check(socket, callSid), CHECK.toMillis(), CHECK.toMillis(),
                                                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching a stream.
     *
     * @param timers  the engine's timer pool
     * @param socket  the stream's socket
     * @param callSid the call's CallSid as known now, for the log
     * @return the watch, to stop when the stream ends
     */
    static SilenceWatch start(ScheduledExecutorService timers, ClientSocket socket, Supplier<String> callSid) {
        return new SilenceWatch(timers, socket, callSid);
    }

    private void check(ClientSocket socket, Supplier<String> callSid) {
        Duration silence = socket.silence();
        // the stream's end stops the watch soon after the abort; until then, nothing twice
        if (silence.compareTo(LIMIT) <= 0 || !done.compareAndSet(false, true)) {
            return;
        }
        String what = "nothing from Twilio for " + silence.toMillis() + " ms";
        LOGGER.log(Level.WARNING, () -> "call " + callSid.get() + ": " + what + ", its media stream is taken for lost");
        socket.abort(CloseReason.DROPPED, what);
    }

    /** The stream ended: no more checks. Any thread; idempotent. */
    void stop() {
        done.set(true);
        check.cancel(false);
    }
}
