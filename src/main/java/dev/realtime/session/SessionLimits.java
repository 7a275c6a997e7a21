package dev.realtime.session;

import java.time.Duration;
import java.util.Optional;

import io.helidon.websocket.WsCloseCodes;

import dev.realtime.config.SessionSettings;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.socket.CloseReason;

/**
 * The session's duration and idle limits. The session loop asks whether one was reached after every message, and
 * a {@link LimitTicks} wakes it when the next one could be; when one was, the client gets an {@code error} event
 * saying which, then the socket is closed. Used on the session loop only.
 */
final class SessionLimits {
    private final long maxCallNanos;
    private final long maxIdleNanos;
    private final long started;
    private long lastClientEvent;

    SessionLimits(SessionSettings settings, long now) {
        this.maxCallNanos = settings.maxCallDuration().toNanos();
        this.maxIdleNanos = settings.maxIdleDuration().toNanos();
        this.started = now;
        this.lastClientEvent = now;
    }

    /** The client sent something. */
    void clientEvent(long now) {
        lastClientEvent = now;
    }

    /** How long until the next limit could be reached, so the loop does not sleep past it. */
    long nanosToNextLimit(long now) {
        return Math.max(0, Math.min(started + maxCallNanos, lastClientEvent + maxIdleNanos) - now);
    }

    /**
     * Ends the session when a limit is reached.
     *
     * @param now     the current {@link System#nanoTime()}
     * @param emitter where the error and the close go
     * @return why the session must end ({@link CloseReason#SERVER} for the call duration, {@link CloseReason#IDLE}),
     *         or empty
     */
    Optional<CloseReason> enforce(long now, Emitter emitter) {
        Optional<ErrorInfo> reached = Optional.empty();
        CloseReason reason = CloseReason.SERVER;
        if (now - started >= maxCallNanos) {
            reached = Optional.of(ErrorInfo.invalidRequest("session_expired", "Your session hit the maximum "
                    + "duration of " + describe(maxCallNanos) + ".", Optional.empty()));
        } else if (now - lastClientEvent >= maxIdleNanos) {
            reason = CloseReason.IDLE;
            reached = Optional.of(ErrorInfo.invalidRequest("session_idle_timeout", "The session received no "
                    + "event for " + describe(maxIdleNanos) + " and was closed.", Optional.empty()));
        }
        reached.ifPresent(error -> {
            emitter.error(error);
            emitter.close(WsCloseCodes.NORMAL_CLOSE, error.code().orElse("limit"));
        });
        CloseReason why = reason;
        return reached.map(error -> why);
    }

    private static String describe(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toSeconds() % 60 == 0 && d.toMinutes() > 0 ? d.toMinutes() + " minutes"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }
}
