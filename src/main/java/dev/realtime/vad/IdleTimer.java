package dev.realtime.vad;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code idle_timeout_ms} timer of a {@link TurnDetector}: armed at an input audio time, fires once when
 * a frame ends {@code idle_timeout_ms} or more after it. Pure; used on the session loop only.
 */
final class IdleTimer {

    private boolean armed;
    private long fromMs;

    void arm(long audioMs) {
        armed = true;
        fromMs = audioMs;
    }

    void cancel() {
        armed = false;
    }

    /**
     * @param frameEndMs  end of the current frame, outside any turn
     * @param timeoutMs   the session's idle timeout, if any
     * @return the timeout, once, when it is due
     */
    Optional<TurnEvent> check(long frameEndMs, OptionalInt timeoutMs) {
        if (!armed || timeoutMs.isEmpty() || frameEndMs - fromMs < timeoutMs.getAsInt()) {
            return Optional.empty();
        }
        armed = false;
        return Optional.of(new TurnEvent.IdleTimeout(fromMs, frameEndMs));
    }
}
