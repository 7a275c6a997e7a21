package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.stream.Collectors;

import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.session.run.RunSignal;

/**
 * The timings of one voice turn, from the end of the user's speech through to the answer's first audio, measured
 * on the session loop from the readings of {@link System#nanoTime()} the stages report; the response created for
 * the turn completes them. The same figures go to the metrics (as the stages happen), to the turn's log line and
 * to the opt-in {@link ServerEvent.Timings} event (both when the response ends). Used on the session loop only.
 */
final class TurnTiming {
    private static final System.Logger LOGGER = System.getLogger(TurnTiming.class.getName());

    /** The stages of a turn, in the order they happen, with their names in the log line and the event. */
    enum Stage {
        STT_FINAL("stt_final"),
        LLM_FIRST_TOKEN("llm_first_token"),
        FIRST_SPEAKABLE_PIECE("first_speakable_piece"),
        TTS_FIRST_BYTE("tts_first_byte"),
        FIRST_AUDIO_OUT("first_audio_out");

        private final String wireName;

        Stage(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }

        static Stage of(RunSignal.Stage.Kind kind) {
            return switch (kind) {
                case LLM_FIRST_TOKEN -> LLM_FIRST_TOKEN;
                case SPEAKABLE_PIECE -> FIRST_SPEAKABLE_PIECE;
                case TTS_FIRST_BYTE -> TTS_FIRST_BYTE;
            };
        }
    }

    private final String itemId;
    private final long speechEnded;
    private final Map<Stage, Long> reached = new EnumMap<>(Stage.class);
    private OptionalLong responseStarted = OptionalLong.empty();

    TurnTiming(String itemId, long speechEnded) {
        this.itemId = itemId;
        this.speechEnded = speechEnded;
    }

    /** The final transcript arrived. */
    void transcribed(long now) {
        if (reach(Stage.STT_FINAL, now)) {
            EngineMetrics.sttFinal(Duration.ofNanos(now - speechEnded));
        }
    }

    /** The response answering the turn was created; the first call counts. */
    void responseStarted(long now) {
        if (responseStarted.isEmpty()) {
            responseStarted = OptionalLong.of(now);
        }
    }

    /** The response's run reached a stage; the first of each kind counts. */
    void stage(RunSignal.Stage stage) {
        reach(Stage.of(stage.stage()), stage.at());
    }

    /** The answer's first audio went out; later calls are ignored. */
    void firstAudio(long now) {
        if (reach(Stage.FIRST_AUDIO_OUT, now)) {
            EngineMetrics.endOfSpeechToFirstAudio(Duration.ofNanos(now - speechEnded));
        }
    }

    /**
     * The turn's response ended: logs one line with the turn's timings.
     *
     * @return the same figures as an event, for a connection that asked for them
     */
    ServerEvent.Timings responseEnded(String responseId, String status, long audioOutMillis) {
        SequencedMap<String, Long> fromSpeech = since(speechEnded, Stage.STT_FINAL);
        SequencedMap<String, Long> fromResponse = responseStarted.isPresent()
                ? since(responseStarted.getAsLong(), Stage.LLM_FIRST_TOKEN) : new LinkedHashMap<>();
        LOGGER.log(Level.INFO, () -> "turn " + itemId + " → " + responseId + " " + status
                + ": from end of speech " + line(fromSpeech) + "; from response start " + line(fromResponse)
                + "; answer audio " + audioOutMillis + " ms");
        return new ServerEvent.Timings(responseId, itemId, fromSpeech, fromResponse);
    }

    private boolean reach(Stage stage, long now) {
        return reached.putIfAbsent(stage, now) == null;
    }

    /** The milliseconds from {@code origin} to each stage reached, from {@code first} on, in stage order. */
    private SequencedMap<String, Long> since(long origin, Stage first) {
        SequencedMap<String, Long> times = new LinkedHashMap<>();
        reached.forEach((stage, at) -> {
            if (stage.compareTo(first) >= 0) {
                times.put(stage.wireName(), Duration.ofNanos(at - origin).toMillis());
            }
        });
        return times;
    }

    private static String line(SequencedMap<String, Long> times) {
        return times.isEmpty() ? "-" : times.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms")
                .collect(Collectors.joining(", "));
    }
}
