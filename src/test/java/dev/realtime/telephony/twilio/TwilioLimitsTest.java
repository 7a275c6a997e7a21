package dev.realtime.telephony.twilio;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.realtime.testing.Metrics;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The limits of calls over Media Streams: a full engine turns a call away (the webhook says so and hangs up; a stream
 * that starts anyway is closed with 1013), and a call at MAX_CALL_DURATION_MS hears the goodbye line to its end
 * before the engine closes the stream.
 */
class TwilioLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aFullEngineTurnsTheCallAway() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TWILIO_ENABLED", "true", "MAX_SESSIONS", "1"));
             TwilioCaller first = TwilioCaller.dial(TwilioCallTest.media(engine), Map.of())) {
            first.start(Map.of());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (engine.engine().sessions().openSessions() < 1) {
                assertThat("the first call's session opens", System.nanoTime() < deadline, is(true));
                TimeUnit.MILLISECONDS.sleep(20);
            }
            HttpResponse<String> r = TwilioEndpointsTest.webhook(engine, Map.of("CallSid", "CA2", "To", "+1555"),
                                                                 Map.of());
            assertThat(r.body(), r.statusCode(), is(200));
            Element response = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            assertThat(r.body(), response.getElementsByTagName("Say").item(0).getTextContent(),
                       is(TwilioVoice.BUSY));
            assertThat(r.body(), response.getElementsByTagName("Hangup").getLength(), is(1));
            assertThat(r.body(), response.getElementsByTagName("Connect").getLength(), is(0));

            try (TwilioCaller second = TwilioCaller.dial(TwilioCallTest.media(engine), Map.of())) {
                second.start(Map.of());
                assertThat("try again later", second.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS), is(1013));
            }
            assertThat(engine.engine().sessions().openSessions(), is(1));
            first.stop();
            TwilioCallTest.awaitNoSession(engine);
        }
    }

    @Test
    void aCallWhoseSessionCannotBeMadeGivesItsPlaceBack() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TWILIO_ENABLED", "true", "MAX_SESSIONS", "1"))) {
            try (TwilioCaller unknown = TwilioCaller.dial(TwilioCallTest.media(engine), Map.of())) {
                unknown.start(Map.of("preset", "no-such-preset"));
                assertThat("a preset that does not exist", unknown.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS),
                           is(1011));
            }
            TwilioCallTest.awaitNoSession(engine);
            double started = started(engine);
            try (TwilioCaller next = TwilioCaller.dial(TwilioCallTest.media(engine), Map.of())) {
                next.start(Map.of());
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (started(engine) == started) {
                    assertThat("the next call is not turned away", next.closed().isDone(), is(false));
                    assertThat("the next call's session opens", System.nanoTime() < deadline, is(true));
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                next.stop();
                TwilioCallTest.awaitNoSession(engine);
            }
        }
    }

    private static double started(TestEngine engine) throws Exception {
        Matcher m = Pattern.compile("(?m)^realtime_phone_calls_started_total\\{[^}]*transport=\"twilio\"[^}]*} "
                                            + "([0-9.eE+-]+)$").matcher(Metrics.scrape(engine));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void atTheCallLimitTheGoodbyePlaysThenTheStreamCloses() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start();
             TestEngine engine = TestEngine.start(Map.ofEntries(
                     Map.entry("LLM_PROVIDER", "openai-compatible"),
                     Map.entry("OPENAI_COMPATIBLE_BASE_URL", simulator.openAiBaseUrl().toString()),
                     Map.entry("OPENAI_COMPATIBLE_MODEL", "fake-llm"),
                     Map.entry("TTS_PROVIDER", "openai-compatible"),
                     Map.entry("TTS_BASE_URL", simulator.openAiBaseUrl().toString()),
                     Map.entry("TTS_MODEL", "fake-tts"), Map.entry("TTS_VOICE", "alloy"),
                     Map.entry("TWILIO_ENABLED", "true"), Map.entry("MAX_CALL_DURATION_MS", "4000"),
                     Map.entry("PHONE_GOODBYE", "Our time is up, goodbye.")));
             TwilioCaller caller = TwilioCaller.dial(TwilioCallTest.media(engine), Map.of())) {
            caller.start(Map.of());
            assertThat("the engine closes the stream", caller.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS),
                       is(1000));
            assertThat("the goodbye was spoken", caller.audio().length, greaterThan(8 * 1500));
            assertThat("and played to its last mark before the close", caller.unheardAtClose(), is(0L));
            List<JsonNode> chats = TwilioCallTest.awaitCalls(simulator, 0,
                                                             c -> "chat".equals(c.path("kind").asText()), 1);
            assertThat(chats.getFirst().path("messages").toString(), containsString("Our time is up, goodbye."));
            TwilioCallTest.awaitNoSession(engine);
        }
    }
}
