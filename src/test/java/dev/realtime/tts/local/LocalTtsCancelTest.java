package dev.realtime.tts.local;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Cancelling a local voice mid-piece ends {@code speak} with a cancellation, and the stream speaks again after.
 */
class LocalTtsCancelTest {
    private static final String LONG = "This is a long sentence that keeps going for quite a while, so that there is "
            + "plenty of time to interrupt it before it ends, and then it goes on a little more.";

    private static void cancelMidPiece(TtsEngine engine) throws Exception {
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CountDownLatch firstAudio = new CountDownLatch(1);
            CountDownLatch cancelIssued = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    // the first chunk is held until the cancel is issued, so the cancel lands mid-piece
                    stream.speak(LONG, (samples, count) -> {
                        firstAudio.countDown();
                        try {
                            cancelIssued.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    return null;
                } catch (TtsException e) {
                    return e;
                }
            });
            assertThat(firstAudio.await(20, TimeUnit.SECONDS), is(true));
            stream.cancel();
            cancelIssued.countDown();
            Throwable t = outcome.get(10, TimeUnit.SECONDS);
            assertThat(t instanceof TtsException e && e.cancelled(), is(true));
            int[] samples = {0};
            stream.speak("Hello again.", (s, count) -> samples[0] += count);
            assertThat(samples[0] > 8000, is(true));
        }
    }

    @Test
    void freeTtsCancels() throws Exception {
        cancelMidPiece(FreeTts.create());
    }

    @Test
    void fliteCancels() throws Exception {
        Optional<FliteTts> flite = FliteTts.detect();
        Assumptions.assumeTrue(flite.isPresent(), "flite is needed");
        cancelMidPiece(flite.get());
    }
}
