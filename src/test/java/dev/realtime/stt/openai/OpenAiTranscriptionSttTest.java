package dev.realtime.stt.openai;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.stt.SttTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.realtime.stt.SttTestSupport.feed;
import static dev.realtime.stt.SttTestSupport.pcm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

class OpenAiTranscriptionSttTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeTranscriptionServer fake;

    @BeforeEach
    void start() {
        fake = FakeTranscriptionServer.start(Optional.of("sk-test"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void uploadsTheTurnAsAValidWavAndReportsTheText() throws Exception {
        fake.script(" Hello from the fake. ");
        try (SttStream stream = engine(Duration.ofSeconds(5)).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 700, 1_000);
            stream.commit("item_1");

            assertThat(events.awaitResult("item_1", WAIT),
                       is(new SttEvent.Completed("item_1", "Hello from the fake.")));
            assertThat(events.events(), is(List.of(new SttEvent.Delta("item_1", "Hello from the fake."),
                                                   new SttEvent.Completed("item_1", "Hello from the fake."))));
            FakeTranscriptionServer.Request request = fake.requests().getFirst();
            assertThat(request.status(), is(200));
            assertThat(request.wav().problems(), is(List.of()));
            assertThat(request.wav().sampleRate(), is(16_000));
            assertThat(request.wav().pcm(), is(pcm(700, 1_000)));
            assertThat(request.fileName(), is(Optional.of("audio.wav")));
            assertThat(request.fileContentType(), is(Optional.of("audio/wav")));
            assertThat(request.fields(), hasEntry("model", "whisper-large-v3-turbo"));
            assertThat(request.fields(), hasEntry("response_format", "json"));
            assertThat(request.fields(), not(hasKey("language")));
            assertThat(request.headers(), hasEntry("authorization", "Bearer sk-test"));
        }
    }

    @Test
    void passesLanguageAndPrompt() throws Exception {
        fake.script("Grüß Gott.");
        SttOptions options = new SttOptions(Optional.of("gpt-4o-transcribe"), Optional.of("de"),
                                            Optional.of("Brezel, Weißwurst"));
        try (SttStream stream = engine(Duration.ofSeconds(5)).open(options)) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 300, 0);
            stream.commit("item_1");

            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", "Grüß Gott.")));
            FakeTranscriptionServer.Request request = fake.requests().getFirst();
            assertThat(request.fields(), hasEntry("language", "de"));
            assertThat(request.fields(), hasEntry("prompt", "Brezel, Weißwurst"));
            assertThat(request.fields(), hasEntry("model", "whisper-large-v3-turbo"));
        }
    }

    @Test
    void upstreamErrorsBecomeFailedWithTheUpstreamMessage() throws Exception {
        fake.failNext(400, FakeTranscriptionServer.TOO_SHORT)
                .failNext(413, "{\"error\":{\"code\":413,\"message\":\"Request Entity Too Large\",\"type\":\"\"}}")
                .failNext(415, "{\"detail\":\"Failed to decode audio\"}")
                .failNext(429, "{\"error\":{\"message\":\"Rate limit reached for model\",\"type\":\"tokens\"}}")
                .failNext(500, "upstream exploded")
                .delayNext(Duration.ofSeconds(2));
        List<SttEvent.Failed> expected = List.of(
                failed("item_0", "upstream_bad_request", "HTTP 400: Audio file is too short"),
                failed("item_1", "upstream_bad_request", "HTTP 413: Request Entity Too Large"),
                failed("item_2", "upstream_bad_request", "HTTP 415: Failed to decode audio"),
                failed("item_3", "upstream_rate_limited", "HTTP 429: Rate limit reached for model"),
                failed("item_4", "upstream_server_error", "HTTP 500: upstream exploded"),
                failed("item_5", "upstream_timeout", "no answer within 400 ms"));
        try (SttStream stream = engine(Duration.ofMillis(400)).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            for (SttEvent.Failed want : expected) {
                stream.begin(want.itemId());
                feed(stream, 200, 0);
                stream.commit(want.itemId());
                SttEvent got = events.awaitResult(want.itemId(), WAIT);
                assertThat(got instanceof SttEvent.Failed, is(true));
                SttEvent.Failed failed = (SttEvent.Failed) got;
                assertThat(failed.code(), is(want.code()));
                assertThat(failed.message(), containsString(want.message()));
            }
            assertThat(events.deltas("item_0"), is(""));
        }
    }

    @Test
    void audioUnder100MsCompletesEmptyWithoutARequest() throws Exception {
        fake.script("should not be used", "Second turn.");
        try (SttStream stream = engine(Duration.ofSeconds(5)).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 80, 0);
            stream.commit("item_1");
            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", "")));
            stream.begin("item_2");
            stream.commit("item_2");
            assertThat(events.awaitResult("item_2", WAIT), is(new SttEvent.Completed("item_2", "")));
            assertThat(fake.requests().size(), is(0));
        }
    }

    @Test
    void backToBackTurnsKeepTheirAudioSeparateAndResultsInOrder() throws Exception {
        fake.transcribeWith(wav -> "turn starting at " + (short) ((wav.pcm()[0] & 0xff) | (wav.pcm()[1] << 8)));
        try (SttStream stream = engine(Duration.ofSeconds(5)).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 500, 100);
            stream.commit("item_1");
            feed(stream, 100, 7_000); // before begin: belongs to the next turn
            stream.begin("item_2");
            feed(stream, 300, 7_000 + 1_600);
            stream.commit("item_2");
            stream.begin("item_3");
            feed(stream, 400, 100);
            stream.clear();
            feed(stream, 200, -3_000);
            stream.commit("item_3");

            assertThat(events.awaitResult("item_1", WAIT),
                       is(new SttEvent.Completed("item_1", "turn starting at 100")));
            assertThat(events.awaitResult("item_2", WAIT),
                       is(new SttEvent.Completed("item_2", "turn starting at 7000")));
            assertThat(events.awaitResult("item_3", WAIT),
                       is(new SttEvent.Completed("item_3", "turn starting at -3000")));
            List<SttEvent> results = events.events().stream().filter(e -> !(e instanceof SttEvent.Delta)).toList();
            assertThat(results.stream().map(SttEvent::itemId).toList(), is(List.of("item_1", "item_2", "item_3")));
            List<byte[]> uploads = fake.requests().stream().map(r -> r.wav().pcm()).toList();
            assertThat(uploads.stream().mapToInt(b -> b.length).sorted().boxed().toList(),
                       is(List.of(6_400, 12_800, 16_000)));
            assertThat(uploads.stream().anyMatch(b -> Arrays.equals(b, pcm(400, 7_000))), is(true));
        }
    }

    @Test
    void fakeAnswersOtherResponseFormats() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String format : List.of("text", "verbose_json")) {
            fake.script("Plain words.");
            MultipartBody body = MultipartBody.create()
                    .file("file", "audio.wav", "audio/wav",
                          List.of(WavFile.header(pcm(200, 0).length, 16_000), pcm(200, 0)))
                    .field("model", "whisper-1").field("response_format", format);
            var response = client.send(HttpRequest.newBuilder(
                            OpenAiSttSettings.of(fake.baseUrl(), Optional.empty(), "m").endpoint())
                                               .header("Authorization", "Bearer sk-test")
                                               .header("Content-Type", body.contentType())
                                               .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                                               .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
            assertThat(response.body(), format.equals("text") ? is("Plain words.\n")
                    : containsString("\"duration\":0.2,\"text\":\"Plain words.\""));
        }
    }

    private static SttEvent.Failed failed(String item, String code, String message) {
        return new SttEvent.Failed(item, code, message);
    }

    private OpenAiTranscriptionStt engine(Duration timeout) {
        return OpenAiTranscriptionStt.create(new OpenAiSttSettings(fake.baseUrl(), Optional.of("sk-test"),
                                                                   "whisper-large-v3-turbo", timeout));
    }
}
