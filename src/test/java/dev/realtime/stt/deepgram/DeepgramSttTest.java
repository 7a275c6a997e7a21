package dev.realtime.stt.deepgram;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.stt.SttTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.realtime.stt.SttTestSupport.feed;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isEmptyString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

class DeepgramSttTest {

    private static final String KEY = "dg-test-key";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String FIRST = "Hello there, how are you today? | I would like a large coffee please.";
    private static final String SECOND = "Make it oat milk.";
    private static final String THIRD = "And a croissant.";

    private FakeDeepgramServer fake;

    @BeforeEach
    void start() {
        fake = FakeDeepgramServer.start(KEY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void fullTurnStreamsDeltasAndCompletesWithTheUtterance() throws Exception {
        fake.script(FIRST);
        try (SttStream stream = engine(settings()).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 1_500, 0);
            stream.commit("item_1");

            String full = FakeDeepgramServer.fullText(FIRST);
            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", full)));
            assertThat(events.deltas("item_1"), not(isEmptyString()));
            assertThat(full, startsWith(events.deltas("item_1")));
            assertThat(events.results("item_1"), is(1L));

            FakeDeepgramConnection connection = fake.connections().getFirst();
            Map<String, String> query = connection.query();
            assertThat(query, hasEntry("model", "nova-3"));
            assertThat(query, hasEntry("language", "en-US"));
            assertThat(query, hasEntry("encoding", "linear16"));
            assertThat(query, hasEntry("sample_rate", "16000"));
            assertThat(query, hasEntry("channels", "1"));
            assertThat(query, hasEntry("interim_results", "true"));
            assertThat(query, hasEntry("endpointing", "false"));
            assertThat(connection.header("authorization"), is(Optional.of("Token " + KEY)));
            assertThat(connection.audioBytes(), is(48_000L));
            assertThat(connection.audioSeconds(), is(1.5));
            assertThat(connection.finalizes(), is(1));
            assertThat(connection.emptyFrames(), is(0));
            List<String> audioFrames = connection.frames().stream().filter(f -> f.startsWith("binary:")).toList();
            assertThat(audioFrames, everyItem(is("binary:3200")));
        }
    }

    @Test
    void sessionLanguageOverridesTheDefault() {
        SttOptions options = new SttOptions(Optional.of("whisper-1"), Optional.of("de"), Optional.empty());
        String query = DeepgramStt.listenUri(settings(), options).getRawQuery();
        assertThat(query, containsString("model=nova-3&language=de&"));
    }

    @Test
    void keepAlivesFlowWhileAudioPauses() throws Exception {
        fake.script(SECOND).idleTimeout(Duration.ofMillis(1_000));
        DeepgramSettings settings = settings().withTimings(Duration.ofMillis(150), Duration.ofMillis(1_500),
                                                           Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (SttStream stream = engine(settings).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 300, 0);
            FakeDeepgramConnection connection = fake.awaitConnection(0, WAIT);
            // eight keep-alives span more than the fake's 1 s idle timeout: only they keep the socket open
            fake.awaitTrue("keep-alives", WAIT, () -> connection.keepAlives() >= 8);
            feed(stream, 300, 0);
            stream.commit("item_1");

            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", SECOND)));
            assertThat(fake.connections().size(), is(1));
            assertThat(connection.binaryKeepAlives(), is(0));
            assertThat(connection.frames(), hasItem("KeepAlive"));
            assertThat(connection.audioBytes(), is(19_200L));
        }
    }

    @Test
    void audioAfterACommitBelongsToTheNextTurn() throws Exception {
        fake.script(FIRST, SECOND, THIRD);
        try (SttStream stream = engine(settings()).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 1_500, 0);
            stream.commit("item_1");
            stream.begin("item_2");
            feed(stream, 1_000, 0);
            stream.commit("item_2");
            feed(stream, 200, 0); // before begin: still the next turn's audio
            stream.begin("item_3");
            feed(stream, 600, 0);
            stream.commit("item_3");

            assertThat(events.awaitResult("item_1", WAIT),
                       is(new SttEvent.Completed("item_1", FakeDeepgramServer.fullText(FIRST))));
            assertThat(events.awaitResult("item_2", WAIT), is(new SttEvent.Completed("item_2", SECOND)));
            assertThat(events.awaitResult("item_3", WAIT), is(new SttEvent.Completed("item_3", THIRD)));
            assertThat(SECOND, startsWith(events.deltas("item_2")));
            assertThat(THIRD, startsWith(events.deltas("item_3")));
            assertThat(fake.connections().getFirst().utterances(), is(List.of(
                    new FakeDeepgramServer.Utterance(48_000, FakeDeepgramServer.fullText(FIRST)),
                    new FakeDeepgramServer.Utterance(32_000, SECOND),
                    new FakeDeepgramServer.Utterance(25_600, THIRD))));
        }
    }

    @Test
    void droppedSocketMidTurnReconnectsAndResendsTheTurn() throws Exception {
        fake.script(FIRST).dropOnceAfter(Duration.ofMillis(700));
        try (SttStream stream = engine(settings()).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 1_500, 0);
            stream.commit("item_1");

            String full = FakeDeepgramServer.fullText(FIRST);
            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", full)));
            assertThat(full, startsWith(events.deltas("item_1")));
            List<FakeDeepgramConnection> connections = fake.connections();
            assertThat(connections.size(), is(2));
            assertThat(connections.get(0).closeCode().getAsInt(), is(1011));
            assertThat(connections.get(1).audioBytes(), is(48_000L));
            assertThat(connections.get(1).utterances(), is(List.of(new FakeDeepgramServer.Utterance(48_000, full))));
        }
    }

    @Test
    void badKeyFailsEachTurnAndTheStreamGoesOn() throws Exception {
        DeepgramSettings wrong = new DeepgramSettings(fake.baseUrl(), "wrong-key", "nova-3", "en-US",
                                                      Duration.ofSeconds(4), Duration.ofMillis(1_500),
                                                      Duration.ofSeconds(2), Duration.ofSeconds(5),
                                                      Duration.ofSeconds(5), Duration.ofSeconds(60));
        try (SttStream stream = engine(wrong).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            for (String item : List.of("item_1", "item_2")) {
                stream.begin(item);
                feed(stream, 300, 0);
                stream.commit(item);
                SttEvent result = events.awaitResult(item, WAIT);
                SttEvent.Failed failed = (SttEvent.Failed) result;
                assertThat(failed.code(), is("upstream_auth_failed"));
                assertThat(failed.fault().orElseThrow().status(), is(OptionalInt.of(401)));
                assertThat(failed.message(), containsString("Invalid credentials"));
            }
            assertThat(fake.rejections(), is(List.of(401, 401)));
        }
    }

    @Test
    void rateLimitedHandshakeFailsOneTurnAndTheNextConnects() throws Exception {
        fake.script(SECOND).rejectNext(429, "Too many requests");
        try (SttStream stream = engine(settings()).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 300, 0);
            stream.commit("item_1");
            SttEvent first = events.awaitResult("item_1", WAIT);
            assertThat(((SttEvent.Failed) first).code(), is("upstream_rate_limited"));
            assertThat(((SttEvent.Failed) first).message(), containsString("HTTP 429"));

            stream.begin("item_2");
            feed(stream, 800, 0);
            stream.commit("item_2");
            assertThat(events.awaitResult("item_2", WAIT), is(new SttEvent.Completed("item_2", SECOND)));
        }
    }

    @Test
    void lateFinalizeCompletesWithWhatWasHeardAndStaysWithItsTurn() throws Exception {
        fake.script(SECOND, THIRD).finalizeDelay(Duration.ofMillis(700));
        DeepgramSettings settings = settings().withTimings(Duration.ofSeconds(4), Duration.ofMillis(250),
                                                           Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (SttStream stream = engine(settings).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 1_000, 0);
            stream.commit("item_1");
            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", SECOND)));

            stream.begin("item_2");
            feed(stream, 1_000, 0);
            // the first turn's late final arrives during the second turn and must not leak into it
            FakeDeepgramConnection connection = fake.connections().getFirst();
            fake.awaitTrue("late final", WAIT, () -> connection.finalizeResultsSent() == 1);
            stream.commit("item_2");
            assertThat(events.awaitResult("item_2", WAIT), is(new SttEvent.Completed("item_2", THIRD)));
        }
    }

    @Test
    void closeSendsCloseStream() throws Exception {
        fake.script(SECOND);
        SttStream stream = engine(settings()).open(SttOptions.none());
        SttTestSupport events = SttTestSupport.of(stream);
        stream.begin("item_1");
        feed(stream, 400, 0);
        FakeDeepgramConnection connection = fake.awaitConnection(0, WAIT);
        fake.awaitTrue("audio", WAIT, () -> connection.audioBytes() > 0);
        stream.close();
        stream.close();

        fake.awaitTrue("CloseStream and close", WAIT, () -> connection.closeStreams() == 1 && connection.closed());
        assertThat(connection.closeCode().getAsInt(), is(1000));
        assertThat(connection.emptyFrames(), is(0));
        assertThat(connection.frames().getLast(), is("CloseStream"));
        assertThat(connection.sent().getLast(), containsString("\"type\":\"Metadata\""));
        assertThat(events.awaitEnd(WAIT), is(Optional.of("end of stream")));
    }

    @Test
    void aSocketThatAnswersNothingIsReplacedWhileTheTurnIsSpoken() throws Exception {
        fake.script(SECOND).muteNext(1);
        try (SttStream stream = engine(settings().withIdleTimeout(Duration.ofMillis(300))).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 600, 0);
            // no answer to the streamed audio: a new socket takes the turn before it is even committed
            fake.awaitConnection(1, WAIT);
            feed(stream, 300, 9_600);
            stream.commit("item_1");

            assertThat(events.awaitResult("item_1", WAIT), is(new SttEvent.Completed("item_1", SECOND)));
            List<FakeDeepgramConnection> connections = fake.connections();
            assertThat(connections.size(), is(2));
            // the silent socket took only what came before the switch; the new one the whole turn, resent
            assertThat(connections.get(0).audioBytes(), is(19_200L));
            assertThat(connections.get(1).audioBytes(), is(28_800L));
        }
    }

    @Test
    void aDeepgramThatNeverAnswersFailsTheTurnWithATimeout() throws Exception {
        fake.script(SECOND).muteNext(3);
        try (SttStream stream = engine(settings().withIdleTimeout(Duration.ofMillis(300))).open(SttOptions.none())) {
            SttTestSupport events = SttTestSupport.of(stream);
            stream.begin("item_1");
            feed(stream, 600, 0);
            stream.commit("item_1");

            SttEvent.Failed failed = (SttEvent.Failed) events.awaitResult("item_1", WAIT);
            assertThat(failed.code(), is("upstream_timeout"));
            assertThat(failed.message(), containsString("answered nothing for 300 ms"));
            assertThat(fake.connections().size(), is(3));
        }
    }

    private DeepgramSettings settings() {
        return DeepgramSettings.of(KEY).withBaseUrl(fake.baseUrl())
                .withTimings(Duration.ofSeconds(4), Duration.ofMillis(1_500), Duration.ofSeconds(2),
                             Duration.ofSeconds(5));
    }

    private static DeepgramStt engine(DeepgramSettings settings) {
        return DeepgramStt.create(settings);
    }
}
