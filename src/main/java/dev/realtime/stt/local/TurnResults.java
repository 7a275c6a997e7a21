package dev.realtime.stt.local;

import java.util.List;
import java.util.Optional;

import dev.realtime.stt.SttEvent;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * Turns a decoder's hypothesis into the events reported for one committed turn. Pure; any thread.
 *
 * <ul>
 *     <li>words recognised: one {@link SttEvent.Delta} carrying the whole text, then {@link SttEvent.Completed}
 *     with the same text (as OpenAI's {@code whisper-1} sends a single delta). The text is pocketsphinx's own:
 *     lower-case words, no punctuation, not capitalised;</li>
 *     <li>nothing recognised in quiet audio (RMS below {@link #SILENCE_RMS}): {@code Completed} with an empty
 *     transcript;</li>
 *     <li>nothing recognised although the audio was loud: {@link SttEvent.Failed} with code
 *     {@code audio_unintelligible}.</li>
 * </ul>
 */
final class TurnResults {

    /** RMS of 16-bit samples below which a turn counts as silence (about -46 dBFS). */
    static final double SILENCE_RMS = 164;

    /** Code of a turn whose loud audio yielded no words. */
    static final String UNINTELLIGIBLE = SttEvent.Failed.UNINTELLIGIBLE;

    /** Code of a turn that could not be decoded at all. */
    static final String ERROR = "transcription_error";

    private TurnResults() {
    }

    /**
     * The events for a decoded turn.
     *
     * @param itemId     the committed item
     * @param hypothesis the decoder's text, empty when nothing was recognised
     * @param samples    the turn's audio
     * @return one or two events, the last one {@code Completed} or {@code Failed}
     */
    static List<SttEvent> of(String itemId, String hypothesis, short[] samples) {
        if (!hypothesis.isEmpty()) {
            return List.of(new SttEvent.Delta(itemId, hypothesis), new SttEvent.Completed(itemId, hypothesis));
        }
        double rms = rms(samples);
        if (rms < SILENCE_RMS) {
            return List.of(new SttEvent.Completed(itemId, ""));
        }
        return List.of(new SttEvent.Failed(itemId, UNINTELLIGIBLE, String.format(
                "No words recognised in %.1f s of audio (RMS %.0f)", samples.length / 16_000.0, rms)));
    }

    /**
     * The event for a turn that could not be decoded.
     *
     * @param itemId the committed item
     * @param cause  what went wrong
     */
    static SttEvent failed(String itemId, Exception cause) {
        Fault fault = Fault.of(FailureKind.SERVER_ERROR, "local transcription failed: " + Causes.describe(cause));
        return new SttEvent.Failed(itemId, ERROR, fault.text(), Optional.of(fault));
    }

    static double rms(short[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }
}
