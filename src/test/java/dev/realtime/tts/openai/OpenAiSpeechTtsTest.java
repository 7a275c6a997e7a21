package dev.realtime.tts.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OpenAiSpeechTtsTest {

    private static final String TEXT = "The quick brown fox jumps over the lazy dog.";

    private FakeSpeechServer fake;
    private OpenAiSpeechTts engine;

    @BeforeEach
    void start() {
        fake = FakeSpeechServer.start();
        engine = engine(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private OpenAiSpeechTts engine(Duration timeout) {
        return OpenAiSpeechTts.create(OpenAiTtsSettings.of(fake.baseUrl(), Optional.of("sk-test"))
                                              .withTimeout(timeout));
    }

    @Test
    void pcmIsStreamedWithExactSamplesAcrossOddChunks() throws Exception {
        fake.holdNextAfter(1);
        try (TtsStream stream = engine.open(new TtsOptions("marin", 1.25))) {
            assertThat(stream.sampleRate(), is(24_000));
            CollectingSink sink = new CollectingSink();
            CompletableFuture<Void> spoken = CompletableFuture.runAsync(() -> stream.speak(TEXT, sink));
            sink.awaitFirst(5);
            assertThat(fake.awaitHolding(Duration.ofSeconds(5)), is(true));
            assertThat("speech goes on while the server holds the rest", spoken.isDone(), is(false));
            fake.release();
            spoken.get(5, TimeUnit.SECONDS);

            FakeSpeechServer.Request request = fake.requests().getFirst();
            assertThat(sink.size(), is(request.producedSamples()));
            assertThat(sink.size(), is(fake.pcmSamplesFor(TEXT)));
            assertThat(sink.chunks() > 1, is(true));
            short[] samples = sink.samples();
            for (int i = 0; i < samples.length; i++) {
                assertThat("sample " + i, samples[i], is(FakeTone.sample(i, 24_000)));
            }
            assertThat(request.body().path("model").asText(), is("gpt-4o-mini-tts"));
            assertThat(request.body().path("input").asText(), is(TEXT));
            assertThat(request.body().path("voice").asText(), is("marin"));
            assertThat(request.body().path("response_format").asText(), is("pcm"));
            assertThat(request.body().path("speed").asDouble(), is(1.25));
            assertThat(request.headers().get("authorization"), is("Bearer sk-test"));
        }
    }

    @Test
    void emptyVoiceGetsTheDefaultAndProviderVoicesPassThrough() {
        try (TtsStream stream = engine.open(new TtsOptions("", 1.0))) {
            stream.speak("Hi.", new CollectingSink());
        }
        try (TtsStream stream = engine.open(new TtsOptions("af_heart", 1.0))) {
            stream.speak("Hi.", new CollectingSink());
        }
        assertThat(fake.requests().get(0).body().path("voice").asText(), is("alloy"));
        assertThat(fake.requests().get(1).body().path("voice").asText(), is("af_heart"));
    }

    @Test
    void wavHeaderIsStripped() {
        fake.answerWav(24_000, true);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            stream.speak(TEXT, sink);
            assertThat(sink.size(), is(fake.requests().getFirst().producedSamples()));
            assertThat(sink.samples()[0], is(FakeTone.sample(0, 24_000)));
            assertThat(sink.samples()[sink.size() - 1], is(FakeTone.sample(sink.size() - 1, 24_000)));
        }
    }

    @Test
    void wavAt16kIsResampledTo24k() {
        fake.answerWav(16_000, false);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            stream.speak(TEXT, sink);
            int produced = fake.requests().getFirst().producedSamples();
            assertThat(produced, is(FakeTone.samples(TEXT.length(), 10, 16_000)));
            assertThat(sink.size(), allOf(greaterThanOrEqualTo(produced * 3 / 2),
                                          lessThanOrEqualTo(produced * 3 / 2 + 1)));
        }
    }

    @Test
    void mp3IsRefusedByContentTypeAndByMagicBytes() {
        fake.answerMp3(true);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            TtsException e = assertThrows(TtsException.class, () -> stream.speak(TEXT, sink));
            assertThat(e.getMessage(), containsString("audio/mpeg instead of PCM"));
            fake.answerMp3(false).contentType("application/octet-stream");
            TtsException sniffed = assertThrows(TtsException.class, () -> stream.speak(TEXT, sink));
            assertThat(sniffed.getMessage(), containsString("compressed audio"));
            assertThat(sink.size(), is(0));
        }
    }

    @Test
    void cancelAbortsTheBodyAndTheNextPieceWorks() throws Exception {
        fake.holdNextAfter(2);
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            CollectingSink sink = new CollectingSink();
            CompletableFuture<Void> spoken = CompletableFuture.runAsync(() -> stream.speak(TEXT.repeat(5), sink));
            sink.awaitFirst(5);
            long start = System.nanoTime();
            stream.cancel();
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> spoken.get(5, TimeUnit.SECONDS));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(1_000L));
            assertThat(thrown.getCause() instanceof TtsException e && e.cancelled(), is(true));
            assertThat(sink.size() < fake.pcmSamplesFor(TEXT.repeat(5)), is(true));
            fake.release();

            CollectingSink next = new CollectingSink();
            stream.speak("Next.", next);
            assertThat(next.size(), is(fake.pcmSamplesFor("Next.")));
        }
    }

    @Test
    void upstreamErrorsCarryStatusAndMessage() {
        try (TtsStream stream = engine.open(new TtsOptions("bogus", 1.0))) {
            TtsException voice = assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink()));
            assertThat(voice.getMessage(), is("HTTP 400: Invalid voice 'bogus'."));
            assertThat(voice.fault().orElseThrow().kind(), is(FailureKind.BAD_REQUEST));
        }
        try (TtsStream stream = engine.open(new TtsOptions("alloy", 1.0))) {
            fake.failNext(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                    + "\"type\":\"invalid_request_error\"}}");
            assertThat(assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink())).getMessage(),
                       is("HTTP 401: Incorrect API key provided"));
            fake.failNext(422, "{\"detail\":[{\"loc\":[\"body\",\"speed\"],"
                    + "\"msg\":\"Input should be between 0.25 and 4\"}]}");
            assertThat(assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink())).getMessage(),
                       is("HTTP 422: Input should be between 0.25 and 4"));
            fake.failNext(503, "upstream overloaded");
            assertThat(assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink())).getMessage(),
                       is("HTTP 503: upstream overloaded"));
        }
        OpenAiSpeechTts badModel = OpenAiSpeechTts.create(OpenAiTtsSettings.of(fake.baseUrl(), Optional.empty())
                                                                  .withModel("tts-9", "alloy"));
        try (TtsStream stream = badModel.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink()));
            assertThat(e.getMessage(), startsWith("HTTP 404: The model 'tts-9' does not exist"));
        }
    }

    @Test
    void aBodyThatFallsSilentTimesOutOnTheIdleWait() {
        fake.holdNextAfter(1);
        OpenAiSpeechTts impatient = OpenAiSpeechTts.create(OpenAiTtsSettings.of(fake.baseUrl(), Optional.empty())
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300)));
        try (TtsStream stream = impatient.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak(TEXT, new CollectingSink()));
            assertThat(e.cancelled(), is(false));
            assertThat(e.getMessage(), is("the audio stopped for 300 ms"));
            assertThat(e.fault().orElseThrow().kind(), is(FailureKind.TIMEOUT));
        } finally {
            fake.release();
        }
    }

    @Test
    void aBodyWithoutAudioTimesOutOnTheFirstByteWait() {
        fake.holdNextAfter(0);
        OpenAiSpeechTts impatient = OpenAiSpeechTts.create(OpenAiTtsSettings.of(fake.baseUrl(), Optional.empty())
                .withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(10)));
        try (TtsStream stream = impatient.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak(TEXT, new CollectingSink()));
            assertThat(e.cancelled(), is(false));
            assertThat(e.getMessage(), is("no audio within 400 ms of the request"));
            assertThat(e.fault().orElseThrow().kind(), is(FailureKind.TIMEOUT));
        } finally {
            fake.release();
        }
    }

    @Test
    void unreachableUpstreamFails() {
        OpenAiSpeechTts nowhere = OpenAiSpeechTts.create(
                OpenAiTtsSettings.of(URI.create("http://127.0.0.1:1/v1"), Optional.empty()));
        try (TtsStream stream = nowhere.open(new TtsOptions("alloy", 1.0))) {
            TtsException e = assertThrows(TtsException.class, () -> stream.speak("Hi.", new CollectingSink()));
            assertThat(e.getMessage(), is("connection refused"));
            assertThat(e.fault().orElseThrow().kind(), is(FailureKind.UNREACHABLE));
        }
    }
}
