package dev.realtime.stt.local;

import java.util.Arrays;

import dev.realtime.stt.SttEvent;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

class TurnResultsTest {

    @Test
    void recognisedTextIsOneDeltaThenCompleted() {
        assertThat(TurnResults.of("item_1", "what time is it", new short[160]),
                   contains(new SttEvent.Delta("item_1", "what time is it"),
                            new SttEvent.Completed("item_1", "what time is it")));
    }

    @Test
    void nothingRecognisedInQuietAudioIsAnEmptyTranscript() {
        short[] hiss = new short[16_000];
        Arrays.fill(hiss, (short) 50);
        assertThat(TurnResults.of("item_1", "", hiss), contains(new SttEvent.Completed("item_1", "")));
    }

    @Test
    void nothingRecognisedInLoudAudioIsUnintelligible() {
        short[] loud = new short[16_000];
        for (int i = 0; i < loud.length; i++) {
            loud[i] = (short) (i % 2 == 0 ? 8_000 : -8_000);
        }
        var events = TurnResults.of("item_1", "", loud);
        assertThat(events.size(), is(1));
        assertThat(events.getFirst(), instanceOf(SttEvent.Failed.class));
        SttEvent.Failed failed = (SttEvent.Failed) events.getFirst();
        assertThat(failed.code(), is("audio_unintelligible"));
        assertThat(failed.message(), containsString("1.0 s"));
    }

    @Test
    void failureIsATranscriptionError() {
        SttEvent.Failed failed = (SttEvent.Failed) TurnResults.failed("item_1", new IllegalStateException("boom"));
        assertThat(failed.code(), is("transcription_error"));
        assertThat(failed.message(), containsString("boom"));
    }
}
