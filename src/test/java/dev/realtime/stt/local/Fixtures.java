package dev.realtime.stt.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttTestSupport;
import dev.realtime.stt.SttStream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The flite fixtures and helpers to drive an {@link SttStream} the way the session loop does. */
final class Fixtures {

    /** A flite {@code slt} recording (16 kHz mono) and the sentence it speaks. */
    record Fixture(String resource, String sentence) {
        short[] samples() {
            return WavFixtures.resource(resource);
        }
    }

    static final Fixture WEATHER = new Fixture("/fixtures/weather.wav", "the weather is nice today");
    static final Fixture LIGHTS = new Fixture("/fixtures/kitchen-lights.wav", "please turn on the kitchen lights");
    static final Fixture TIME = new Fixture("/fixtures/what-time.wav", "what time is it");
    static final List<Fixture> ALL = List.of(WEATHER, LIGHTS, TIME);

    /** 20 ms at 16 kHz, the size the session loop feeds. */
    static final int CHUNK = 320;

    private Fixtures() {
    }

    /** Skips the calling test when pocketsphinx is not installed, saying why. */
    static PocketSphinx library() {
        PocketSphinx.Probe probe = PocketSphinx.probe();
        assumeTrue(probe.library().isPresent(), probe.detail());
        return probe.library().orElseThrow();
    }

    /** Feeds samples in 20 ms pieces through one reused array, as the session loop does. */
    static void feed(SttStream stream, short[] samples) {
        short[] piece = new short[CHUNK];
        for (int offset = 0; offset < samples.length; offset += CHUNK) {
            int n = Math.min(CHUNK, samples.length - offset);
            System.arraycopy(samples, offset, piece, 0, n);
            stream.audio(piece, n);
            Arrays.fill(piece, (short) 0x5555); // the stream must have copied what it keeps
        }
    }

    /** The events of one turn, ending with its Completed or Failed. */
    record Turn(List<SttEvent> events) {
        SttEvent last() {
            return events.getLast();
        }

        String transcript() {
            if (last() instanceof SttEvent.Completed completed) {
                return completed.transcript();
            }
            fail("turn did not complete: " + events);
            return "";
        }
    }

    /** Takes events until the turn of {@code itemId} ends; fails on another item's events or a 20 s silence. */
    static Turn awaitTurn(SttTestSupport stream, String itemId) throws InterruptedException {
        List<SttEvent> events = new ArrayList<>();
        while (true) {
            Optional<SttEvent> next = stream.next(Duration.ofSeconds(20));
            if (next.isEmpty()) {
                fail("no result for " + itemId + " within 20 s; got " + events);
            }
            SttEvent event = next.orElseThrow();
            if (!event.itemId().equals(itemId)) {
                fail("expected events for " + itemId + ", got " + event);
            }
            events.add(event);
            if (event instanceof SttEvent.Completed || event instanceof SttEvent.Failed) {
                return new Turn(List.copyOf(events));
            }
        }
    }
}
