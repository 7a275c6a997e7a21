package dev.realtime.admin;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * The playground end to end in headless Chromium against an engine whose providers are the harness simulator: the
 * fake microphone speaks, the page shows both sides of the turn, plays the answer, draws its latency, and the next
 * loop of the speech barges in, which stops playback and truncates the answer at what was heard; the Stop button
 * cuts the next answer the same way. Screenshots of the conversation are kept in {@code target/playground}
 * ({@code conversation.png} phone-sized, {@code conversation-wide.png}), what the page showed in {@code seen.json}.
 */
class PlaygroundBrowserTest {
    private static final String HEARD = "What is the weather like in Paris today?";
    private static final String ANSWER = "It is sunny in Paris and twenty degrees.";
    /** Longer than the silence after the speech: the next loop of the speech always talks over the answer. */
    private static final int ANSWER_MS = 6000;
    private static final int PAUSE_MS = 4000;
    private static final Path SCREENSHOT = Path.of("target/playground/conversation.png");

    @Test
    void aSpokenTurnIsHeardAnsweredTimedAndBargedIn() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start()) {
            simulator.configure(Map.of("sttText", HEARD, "llmText", ANSWER, "ttsAudioMs", ANSWER_MS));
            String v1 = simulator.openAiBaseUrl().toString();
            try (TestEngine engine = TestEngine.start(Map.of(
                    "LLM_PROVIDER", "openai-compatible", "OPENAI_COMPATIBLE_BASE_URL", v1,
                    "OPENAI_COMPATIBLE_MODEL", "fake-llm",
                    "STT_PROVIDER", "openai-compatible", "STT_BASE_URL", v1, "STT_MODEL", "fake-stt",
                    "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", v1, "TTS_MODEL", "fake-tts",
                    "TTS_VOICE", "alloy"))) {
                Files.createDirectories(SCREENSHOT.getParent());
                Path speech = withPause(Path.of("target/harness/audio/what-is-the-weather.wav"));
                String base = engine.httpUri().toString().replaceAll("/$", "");
                JsonNode seen = PlaygroundBrowser.converse(base, TestEngine.API_KEY, speech, SCREENSHOT);
                Files.writeString(SCREENSHOT.resolveSibling("seen.json"), seen.toPrettyString());
                assertThat(seen.path("failure").asText() + "\n" + seen, seen.has("failure"), is(false));
                assertThat(seen.path("pageErrors").toString(), seen.path("pageErrors").size(), is(0));
                gotIn(seen, base);
                conversed(seen);
                bargedIn(seen);
                assertThat(Files.size(SCREENSHOT), greaterThan(10_000L));
            }
        }
    }

    /** The key minted a token over POST and went into no URL; the socket asked for the engine's timings. */
    private static void gotIn(JsonNode seen, String base) {
        List<String> urls = strings(seen.path("requests"));
        urls.addAll(strings(seen.path("sockets")));
        assertThat(urls, hasItem("POST " + base + "/v1/realtime/client_secrets"));
        assertThat(urls, everyItem(not(containsString(TestEngine.API_KEY))));
        assertThat(strings(seen.path("sockets")),
                   hasItem(containsString("/v1/realtime?model=gpt-realtime&timings=true")));
        assertThat(seen.path("titleWhileOpen").asText(), containsString("connected"));
        assertThat(seen.path("titleAfterStop").asText(), not(containsString("connected")));
    }

    /** Both sides of the turn are on the page, and the first turn's bar has all four marks and the engine's times. */
    private static void conversed(JsonNode seen) {
        assertThat(strings(seen.path("users")), hasItem(HEARD));
        assertThat(strings(seen.path("assistants")).getFirst(), containsString(ANSWER.substring(0, 20)));
        JsonNode first = seen.path("latency").get(seen.path("latency").size() - 1);
        String figures = first.path("figures").asText();
        assertThat(figures, figures.matches(
                "Turn 1: speech_stopped \\d+ ms · transcript \\d+ ms · first text \\d+ ms · first audio \\d+ ms"),
                   is(true));
        assertThat(first.path("segments").asInt(), is(4));
        String engine = first.path("engine").asText();
        assertThat(engine, engine.matches("engine, after speech_stopped: STT \\d+ · LLM first token \\d+ · "
                + "first piece \\d+ · TTS first byte \\d+ · first audio out \\d+ ms"), is(true));
        assertThat(first.path("engineSegments").asInt(), is(5));
    }

    /**
     * The page heard the answer (the output analyser saw the tone), cut it when the speech came back, and truncated
     * it at the milliseconds it had played, which the engine confirmed; after the cut the output is silent.
     */
    private static void bargedIn(JsonNode seen) {
        JsonNode truncate = seen.path("truncates").get(0);
        assertThat(seen.toString(), truncate.isObject(), is(true));
        assertThat(strings(seen.path("audioItems")), hasItem(truncate.path("item_id").asText()));
        int heardMs = truncate.path("audio_end_ms").asInt();
        assertThat(heardMs, both(greaterThan(0)).and(lessThan(ANSWER_MS)));
        assertThat(seen.path("truncated").get(0).path("audio_end_ms").asInt(), is(heardMs));
        double cutAt = -1;
        double soundFrom = -1;
        double soundTo = -1;
        double maxAfter = 0;
        for (JsonNode sample : seen.path("samples")) {
            double at = sample.path("at").asDouble();
            double level = sample.path("level").asDouble();
            if (cutAt < 0 && sample.path("cut").asBoolean()) {
                cutAt = at;
            }
            if (cutAt < 0 && level > 0.05) {
                soundFrom = soundFrom < 0 ? at : soundFrom;
                soundTo = at;
            }
            if (cutAt >= 0 && at > cutAt + 100 && at < cutAt + 500) {
                maxAfter = Math.max(maxAfter, level);
            }
        }
        assertThat("the output analyser saw the answer's sound", soundFrom, greaterThan(0.0));
        assertThat("what the page reports played is what sounded, ms",
                   Math.abs(soundTo - soundFrom - heardMs), lessThan(250.0));
        assertThat("silent after the cut", maxAfter, lessThan(0.001));
        JsonNode stopped = seen.path("truncates").get(seen.path("truncates").size() - 1);
        assertThat("the Stop button cut the next answer", stopped.path("item_id").asText(),
                   is(not(truncate.path("item_id").asText())));
        assertThat(strings(seen.path("audioItems")), hasItem(stopped.path("item_id").asText()));
        assertThat(stopped.path("audio_end_ms").asInt(), both(greaterThan(0)).and(lessThan(ANSWER_MS)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }

    /** The speech with a pause after it: Chromium plays the fake microphone's file in a loop. */
    private static Path withPause(Path speech) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(speech.toFile())) {
            byte[] audio = in.readAllBytes();
            int pause = (int) (in.getFormat().getFrameRate() * PAUSE_MS / 1000) * in.getFormat().getFrameSize();
            byte[] padded = new byte[audio.length + pause];
            System.arraycopy(audio, 0, padded, 0, audio.length);
            File file = SCREENSHOT.resolveSibling("speech-then-pause.wav").toFile();
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(padded), in.getFormat(),
                                                   padded.length / in.getFormat().getFrameSize()),
                              AudioFileFormat.Type.WAVE, file);
            return file.toPath();
        }
    }
}
