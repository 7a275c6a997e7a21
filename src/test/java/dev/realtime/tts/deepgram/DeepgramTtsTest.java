package dev.realtime.tts.deepgram;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.realtime.tts.CollectingSink;
import dev.realtime.tts.FakeTone;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.FailureKind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeepgramTtsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeDeepgramSpeakServer fake;
    private DeepgramTts engine;

    @BeforeEach
    void start() {
        fake = FakeDeepgramSpeakServer.start("dg-key");
        engine = DeepgramTts.create(DeepgramTtsSettings.of("dg-key").withBaseUrl(fake.baseUrl())
                                            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void piecesShareOneConnectionAndDeliverExactAudio() {
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            assertThat(stream.sampleRate(), is(24_000));
            CollectingSink first = new CollectingSink();
            stream.speak("Hello there.", first);
            CollectingSink second = new CollectingSink();
            stream.speak("How can I help you today?", second);

            assertThat(fake.connections().size(), is(1));
            FakeSpeakConnection connection = fake.connections().getFirst();
            assertThat(connection.query().get("model"), is("aura-2-thalia-en"));
            assertThat(connection.query().get("encoding"), is("linear16"));
            assertThat(connection.query().get("sample_rate"), is("24000"));
            assertThat(connection.query().get("container"), is("none"));
            assertThat(connection.header("Authorization").orElse(""), is("Token dg-key"));
            assertThat(connection.texts(), contains("Hello there.", "How can I help you today?"));
            assertThat(connection.produced(), contains(fake.samplesFor("Hello there.", 24_000),
                                                       fake.samplesFor("How can I help you today?", 24_000)));
            assertThat(first.size(), is(connection.produced().get(0)));
            assertThat(second.size(), is(connection.produced().get(1)));
            short[] samples = first.samples();
            assertThat(samples[100], is(FakeTone.sample(100, 24_000)));
        }
        fake.awaitTrue("client close", WAIT, () -> fake.connections().getFirst().closed());
    }

    @Test
    void auraVoiceSelectsTheModel() {
        try (TtsStream stream = engine.open(new TtsOptions("aura-2-apollo-en", 1.0))) {
            stream.speak("Hi.", new CollectingSink());
        }
        assertThat(fake.connections().getFirst().query().get("model"), is("aura-2-apollo-en"));
    }

    @Test
    void audioIsDeliveredBeforeThePieceCompletes() throws Exception {
        fake.holdNextFlushAfter(1);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            CompletableFuture<Void> spoken = CompletableFuture.runAsync(() -> stream.speak("x".repeat(50), sink));
            sink.awaitFirst(5);
            // the first frame can reach the sink before the fake's loop comes round to holding the flush
            fake.awaitTrue("the flush held after its first frame", Duration.ofSeconds(5), fake::holding);
            assertThat(spoken.isDone(), is(false));
            fake.release();
            spoken.get(5, TimeUnit.SECONDS);
            assertThat(sink.size(), is(fake.samplesFor("x".repeat(50), 24_000)));
        }
    }

    @Test
    void cancelStopsAPieceAndTheConnectionIsReused() throws Exception {
        fake.holdNextFlushAfter(2);
        try (TtsStream stream = engine.open(new TtsOptions("marin", 1.0))) {
            CollectingSink sink = new CollectingSink();
            CompletableFuture<Void> spoken = CompletableFuture.runAsync(() -> stream.speak("y".repeat(300), sink));
            sink.awaitFirst(5);
            long start = System.nanoTime();
            stream.cancel();
            var thrown = assertThrows(Exception.class, () -> spoken.get(5, TimeUnit.SECONDS));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(1_000L));
            assertThat(thrown.getCause() instanceof TtsException e && e.cancelled(), is(true));
            FakeSpeakConnection connection = fake.connections().getFirst();
            fake.awaitTrue("Clear", WAIT, () -> connection.clears() == 1);

            CollectingSink next = new CollectingSink();
            stream.speak("After the barge-in.", next);
            assertThat(next.size(), is(fake.samplesFor("After the barge-in.", 24_000)));
            assertThat(next.samples()[0], is(FakeTone.sample(0, 24_000)));
            assertThat(fake.connections().size(), is(1));
            assertThat(connection.received(), contains("Speak", "Flush", "Clear", "Speak", "Flush"));
        }
    }

    @Test
    void cancelWithoutAPieceIsHarmless() {
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            stream.cancel();
            CollectingSink sink = new CollectingSink();
            stream.speak("Still fine.", sink);
            assertThat(sink.size(), is(fake.samplesFor("Still fine.", 24_000)));
        }
    }

    @Test
    void badKeyFailsWith401() {
        DeepgramTts bad = DeepgramTts.create(DeepgramTtsSettings.of("wrong").withBaseUrl(fake.baseUrl()));
        try (TtsStream stream = bad.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink()));
            assertThat(e.getMessage(), containsString("401"));
            assertThat(e.getMessage(), containsString("Invalid credentials."));
            assertThat(e.cancelled(), is(false));
        }
        assertThat(fake.rejections(), contains(401));
    }

    @Test
    void excessiveFlushFailsThePieceAndTheNextOneRecovers() {
        fake.maxFlushes(1);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            stream.speak("One.", new CollectingSink());
            long start = System.nanoTime();
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Two.", new CollectingSink()));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(2_000L));
            assertThat(e.getMessage(), containsString("EXCESSIVE_FLUSH"));
            assertThat(e.cancelled(), is(false));
            FakeSpeakConnection connection = fake.connections().getFirst();
            assertThat(connection.warnings(), is(1));
            fake.awaitTrue("Clear of the ignored text", WAIT, () -> connection.clears() == 1);

            fake.maxFlushes(20);
            CollectingSink sink = new CollectingSink();
            stream.speak("Three.", sink);
            assertThat(sink.size(), is(fake.samplesFor("Three.", 24_000)));
        }
    }

    @Test
    void longTextIsSplitIntoSpeakMessages() {
        String text = ("word ".repeat(500)).strip();
        fake.msPerChar(1);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            stream.speak(text, sink);
            FakeSpeakConnection connection = fake.connections().getFirst();
            assertThat(connection.texts().size(), greaterThan(1));
            assertThat(String.join("", connection.texts()), equalTo(text));
            assertThat(connection.flushes(), is(1));
            assertThat(sink.size(), is(fake.samplesFor(text, 24_000)));
        }
    }

    @Test
    void droppedConnectionIsReopenedForTheNextPiece() {
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            stream.speak("First.", new CollectingSink());
            fake.dropConnections(1011, "NET-0001");
            fake.awaitTrue("server-side close", WAIT, () -> fake.connections().getFirst().closed());
            CollectingSink sink = new CollectingSink();
            stream.speak("Second.", sink);
            assertThat(sink.size(), is(fake.samplesFor("Second.", 24_000)));
            assertThat(fake.connections().size(), is(2));
            assertThat(fake.connections().get(1).texts(), contains("Second."));
        }
    }

    @Test
    void closedFlushWithoutAnswerTimesOut() {
        DeepgramTts impatient = DeepgramTts.create(DeepgramTtsSettings.of("dg-key").withBaseUrl(fake.baseUrl())
                                                   .withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300)));
        fake.holdNextFlushAfter(0);
        try (TtsStream stream = impatient.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Held.", new CollectingSink()));
            assertThat(e.cancelled(), is(false));
            assertThat(e.getMessage(), containsString("sent nothing"));
        } finally {
            fake.release();
        }
    }

    @Test
    void aPieceWithoutAudioTimesOutOnTheFirstByteWait() {
        DeepgramTts impatient = DeepgramTts.create(DeepgramTtsSettings.of("dg-key").withBaseUrl(fake.baseUrl())
                                                   .withWaits(Duration.ofMillis(400), Duration.ofSeconds(10)));
        fake.holdNextFlushAfter(0);
        try (TtsStream stream = impatient.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Held.", new CollectingSink()));
            assertThat(e.getMessage(), is("sent nothing for 400 ms while waiting for the first audio of the piece"));
            assertThat(e.fault().orElseThrow().kind(), is(FailureKind.TIMEOUT));
        } finally {
            fake.release();
        }
    }

    @Test
    void aPieceThatFallsSilentTimesOutOnTheIdleWait() {
        DeepgramTts impatient = DeepgramTts.create(DeepgramTtsSettings.of("dg-key").withBaseUrl(fake.baseUrl())
                                                   .withWaits(Duration.ofSeconds(10), Duration.ofMillis(300)));
        fake.holdNextFlushAfter(1);
        try (TtsStream stream = impatient.open(new TtsOptions("alloy", 1.0))) {
            // long enough for several frames of audio: the hold comes after the first
            TtsException e = assertThrows(TtsException.class, () -> stream.speak(
                    "Held after the first frame of a sentence long enough for several.", new CollectingSink()));
            assertThat(e.getMessage(), is("sent nothing for 300 ms while waiting for more audio of the piece"));
            assertThat(e.fault().orElseThrow().kind(), is(FailureKind.TIMEOUT));
        } finally {
            fake.release();
        }
    }
}
