package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

import dev.realtime.observe.EngineMetrics;

/**
 * The timings of one voice turn, from the end of the user's speech through to the answer's first audio, measured
 * on the session loop; the response created for the turn completes them and logs one line. Used on the session
 * loop only.
 */
final class TurnTiming {
    private static final System.Logger LOGGER = System.getLogger(TurnTiming.class.getName());

    private final String itemId;
    private final long speechEnded;
    private Optional<Duration> transcript = Optional.empty();
    private Optional<Duration> firstAudio = Optional.empty();

    TurnTiming(String itemId, long speechEnded) {
        this.itemId = itemId;
        this.speechEnded = speechEnded;
    }

    /** The final transcript arrived. */
    void transcribed(long now) {
        transcript = Optional.of(Duration.ofNanos(now - speechEnded));
        EngineMetrics.sttFinal(transcript.get());
    }

    /** The answer's first audio went out; later calls are ignored. */
    void firstAudio(long now) {
        if (firstAudio.isEmpty()) {
            firstAudio = Optional.of(Duration.ofNanos(now - speechEnded));
            EngineMetrics.endOfSpeechToFirstAudio(firstAudio.get());
        }
    }

    /** The turn's response ended: one log line with the turn's timings. */
    void responseEnded(String responseId, String status, long audioOutMillis) {
        LOGGER.log(Level.INFO, () -> "turn " + itemId + " → " + responseId + " " + status
                + ": end of speech → transcript " + millis(transcript) + ", → first audio " + millis(firstAudio)
                + ", answer audio " + audioOutMillis + " ms");
    }

    private static String millis(Optional<Duration> d) {
        return d.map(x -> x.toMillis() + " ms").orElse("-");
    }
}
