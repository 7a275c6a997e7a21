package dev.realtime.stt.local;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.SampleBuffer;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.stt.SttTestSupport;
import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;
import dev.realtime.tts.local.FliteTts;
import dev.realtime.tts.local.FreeTts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The offline engines understand each other: flite's speech, transcribed by pocketsphinx, comes back within a
 * word-error bound.
 */
class LocalRoundTripTest {
    @Test
    void fliteSpeechIsRecognisedByPocketsphinx() throws Exception {
        Optional<FliteTts> flite = FliteTts.detect();
        Assumptions.assumeTrue(flite.isPresent(), "flite is needed");
        roundTrip(flite.get());
    }

    @Test
    void freeTtsSpeechIsRecognisedByPocketsphinx() throws Exception {
        roundTrip(FreeTts.create());
    }

    private static void roundTrip(TtsEngine tts) throws Exception {
        Optional<LocalStt> stt = LocalStt.create(1);
        Assumptions.assumeTrue(stt.isPresent(), "pocketsphinx is needed");
        String[] sentences = {"please turn on the kitchen lights", "what is the weather like tomorrow",
                              "set a timer for ten minutes"};
        try (TtsStream voice = tts.open(new TtsOptions("alloy", 1.0));
             SttStream ears = stt.get().open(SttOptions.none())) {
            SttTestSupport heardEvents = SttTestSupport.of(ears);
            StringBuilder heard = new StringBuilder();
            double total = 0;
            for (int i = 0; i < sentences.length; i++) {
                SampleBuffer audio = SampleBuffer.create(16_000);
                int[] calls = {0};
                voice.speak(sentences[i], (samples, count) -> {
                    audio.append(samples, 0, count);
                    calls[0]++;
                });
                assertThat(voice.sampleRate(), is(16_000));
                assertThat("audio arrives in pieces", calls[0] > 1, is(true));
                assertThat("at least a second of speech", audio.size() > 16_000, is(true));
                String item = "item_" + i;
                ears.begin(item);
                short[] all = audio.toArray();
                for (int k = 0; k < all.length; k += 320) {
                    short[] chunk = Arrays.copyOfRange(all, k, Math.min(all.length, k + 320));
                    ears.audio(chunk, chunk.length);
                }
                ears.commit(item);
                SttEvent result = heardEvents.awaitResult(item, Duration.ofSeconds(30));
                assertThat(result, instanceOf(SttEvent.Completed.class));
                heard.append(sentences[i]).append(" -> ").append(((SttEvent.Completed) result).transcript())
                        .append('\n');
                total += Wer.of(sentences[i], ((SttEvent.Completed) result).transcript());
            }
            // the bound holds over the set: one misheard word pair in a short sentence is already 33 %
            assertThat(tts.name() + ":\n" + heard, total / sentences.length, lessThanOrEqualTo(0.25));
        } finally {
            stt.get().close();
        }
    }
}
