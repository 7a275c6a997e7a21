package dev.realtime.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.openai.FakeTranscriptionServer;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** A Prometheus scrape after a spoken turn shows the turn in the counters and the latency histograms. */
class MetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String scrape(TestEngine engine) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/metrics")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode(), is(200));
        return r.body();
    }

    /** The value of the sample named {@code meter} (optionally {@code name|label="value"}), 0 when absent. */
    private static double sample(String text, String meter) {
        String[] parts = meter.split("\\|");
        String label = parts.length > 1 ? "[^}]*" + Pattern.quote(parts[1]) : "";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(parts[0]) + "\\{" + label + "[^}]*} ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void scrapeAfterATurnShowsItInTheHistograms() throws Exception {
        try (FakeChatServer llm = FakeChatServer.start();
             FakeTranscriptionServer stt = FakeTranscriptionServer.start().script("What time is it?");
             FakeSpeechServer speech = FakeSpeechServer.start();
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of(
                     "STT_PROVIDER", "openai-compatible", "STT_BASE_URL", stt.baseUrl().toString(),
                     "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", speech.baseUrl().toString()))) {
            String before = scrape(engine);
            llm.enqueue(FakeChatScript.text("It is noon."));
            try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
                c.await("session.created");
                for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 200, 1200)) {
                    c.send(append);
                }
                c.await("response.done");
            }
            String after = scrape(engine);
            String[] grew = {"realtime_sessions_total", "realtime_turns_total",
                    "realtime_responses_total|status=\"completed\"",
                    "realtime_end_of_speech_to_first_audio_seconds_count",
                    "realtime_llm_first_token_seconds_count", "realtime_tts_first_byte_seconds_count",
                    "realtime_stt_final_latency_seconds_count", "realtime_audio_in_seconds",
                    "realtime_audio_out_seconds", "realtime_vad_model_frames", "realtime_vad_model_runs"};
            for (String meter : grew) {
                assertThat(meter + "\n" + after, sample(after, meter), greaterThan(sample(before, meter)));
            }
            assertThat(after.contains("realtime_end_of_speech_to_first_audio_seconds_bucket{"), is(true));
        }
    }
}
