package dev.realtime.stt.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.stt.SttTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static dev.realtime.stt.local.Fixtures.awaitTurn;
import static dev.realtime.stt.local.Fixtures.feed;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** {@link LocalStt} through the {@link SttStream} contract on real pocketsphinx and flite recordings. */
class LocalSttTest {

    private static final double MAX_WER = 0.25;
    private static LocalStt engine;

    @BeforeAll
    static void start() {
        engine = LocalStt.create(Fixtures.library(), 2);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> transcribesEachFixture() {
        return Fixtures.ALL.stream().map(fixture -> DynamicTest.dynamicTest(fixture.resource(), () -> {
            try (SttStream stream = engine.open(SttOptions.none())) {
                SttTestSupport events = SttTestSupport.of(stream);
                short[] samples = fixture.samples();
                stream.begin("item_1");
                feed(stream, samples);
                long start = System.nanoTime();
                stream.commit("item_1");
                Fixtures.Turn turn = awaitTurn(events, "item_1");
                long millis = (System.nanoTime() - start) / 1_000_000;
                String text = turn.transcript();
                double wer = Wer.of(fixture.sentence(), text);
                System.out.printf("local STT %-22s %.2f s audio -> %4d ms, WER %.1f %%: \"%s\"%n",
                                  fixture.resource(), samples.length / 16_000.0, millis, wer * 100, text);
                assertThat(text, wer, lessThanOrEqualTo(MAX_WER));
                assertThat(turn.events(), contains(new SttEvent.Delta("item_1", text),
                                                   new SttEvent.Completed("item_1", text)));
            }
        }));
    }

    @Test
    void backToBackTurnsKeepTheirAudioApart() throws InterruptedException {
        try (SttStream stream = engine.open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_a");
            feed(stream, Fixtures.WEATHER.samples());
            stream.commit("item_a");
            feed(stream, Fixtures.LIGHTS.samples()); // arrives before the next begin: still the next turn
            stream.begin("item_b");
            stream.commit("item_b");

            String first = awaitTurn(events, "item_a").transcript();
            String second = awaitTurn(events, "item_b").transcript();
            assertThat(first, Wer.of(Fixtures.WEATHER.sentence(), first), lessThanOrEqualTo(MAX_WER));
            assertThat(second, Wer.of(Fixtures.LIGHTS.sentence(), second), lessThanOrEqualTo(MAX_WER));
        }
    }

    @Test
    void clearDropsThePendingTurnsAudio() throws InterruptedException {
        try (SttStream stream = engine.open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, Fixtures.WEATHER.samples());
            stream.clear();
            feed(stream, Fixtures.TIME.samples());
            stream.commit("item_1");

            String text = awaitTurn(events, "item_1").transcript();
            assertThat(text, Wer.of(Fixtures.TIME.sentence(), text), lessThanOrEqualTo(MAX_WER));
            assertThat(text, not(containsString("weather")));
        }
    }

    @Test
    void threeStreamsShareTwoDecoders() throws InterruptedException {
        List<SttStream> streams = new ArrayList<>();
        List<SttTestSupport> events = new ArrayList<>();
        try {
            for (Fixtures.Fixture fixture : Fixtures.ALL) {
                SttStream stream = engine.open(SttOptions.none());
                streams.add(stream);
                events.add(SttTestSupport.of(stream));
                stream.begin("item_" + streams.size());
                feed(stream, fixture.samples());
            }
            streams.forEach(stream -> stream.commit("item_" + (streams.indexOf(stream) + 1)));
            for (int i = 0; i < streams.size(); i++) {
                String text = awaitTurn(events.get(i), "item_" + (i + 1)).transcript();
                String sentence = Fixtures.ALL.get(i).sentence();
                assertThat(text, Wer.of(sentence, text), lessThanOrEqualTo(MAX_WER));
            }
            assertThat(engine.pool().created(), lessThanOrEqualTo(2));
        } finally {
            streams.forEach(SttStream::close);
        }
    }

    @Test
    void silenceAndEmptyTurnsCompleteWithNoText() throws InterruptedException {
        try (SttStream stream = engine.open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_empty");
            stream.commit("item_empty");
            stream.begin("item_silent");
            feed(stream, new short[16_000]);
            stream.commit("item_silent");

            assertThat(awaitTurn(events, "item_empty").events(),
                       contains(new SttEvent.Completed("item_empty", "")));
            assertThat(awaitTurn(events, "item_silent").events(),
                       contains(new SttEvent.Completed("item_silent", "")));
        }
    }

    @Test
    void closedStreamIgnoresLaterCalls() throws InterruptedException {
        SttStream stream = engine.open(SttOptions.none());
        stream.close();
        stream.begin("item_1");
        feed(stream, Fixtures.TIME.samples());
        stream.commit("item_1");
        stream.close();
        SttTestSupport events = SttTestSupport.of(stream);
        assertThat(events.awaitEnd(Duration.ofSeconds(5)), is(Optional.of("end of stream")));
        assertThat(events.events(), is(List.of()));
    }

    @Test
    void engineIsNamedLocal() {
        assertThat(engine.name(), is("local"));
        try (SttStream stream = engine.open(SttOptions.none())) {
            assertThat(stream, instanceOf(LocalSttStream.class));
        }
    }
}
