package dev.realtime.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;

import static dev.realtime.admin.PlaygroundBrowser.texts;
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
    private static final Path SCREENSHOT = PlaygroundRig.ARTIFACTS.resolve("conversation.png");

    @Test
    void aSpokenTurnIsHeardAnsweredTimedAndBargedIn() throws Exception {
        try (PlaygroundRig rig = PlaygroundRig.start(Map.of("sttText", HEARD, "llmText", ANSWER,
                                                            "ttsAudioMs", ANSWER_MS))) {
            Path speech = PlaygroundRig.speechThenPause(PAUSE_MS);
            JsonNode seen = PlaygroundBrowser.drive("playground-e2e.mjs", rig.base(), TestEngine.API_KEY,
                                                    speech.toString(), SCREENSHOT.toAbsolutePath().toString());
            Files.writeString(PlaygroundRig.ARTIFACTS.resolve("seen.json"), seen.toPrettyString());
            assertThat(seen.path("failure").asText() + "\n" + seen, seen.has("failure"), is(false));
            assertThat(seen.path("pageErrors").toString(), seen.path("pageErrors").size(), is(0));
            gotIn(seen, rig.base());
            conversed(seen);
            bargedIn(seen);
            assertThat(Files.size(SCREENSHOT), greaterThan(10_000L));
        }
    }

    /** The key minted a token over POST and went into no URL; the socket asked for the engine's timings. */
    private static void gotIn(JsonNode seen, String base) {
        List<String> urls = texts(seen.path("requests"));
        urls.addAll(texts(seen.path("sockets")));
        assertThat(urls, hasItem("POST " + base + "/v1/realtime/client_secrets"));
        assertThat(urls, everyItem(not(containsString(TestEngine.API_KEY))));
        assertThat(texts(seen.path("sockets")),
                   hasItem(containsString("/v1/realtime?model=gpt-realtime&timings=true")));
        assertThat(seen.path("titleWhileOpen").asText(), containsString("connected"));
        assertThat(seen.path("titleAfterStop").asText(), not(containsString("connected")));
    }

    /** Both sides of the turn are on the page, and the first turn's bar has all four marks and the engine's times. */
    private static void conversed(JsonNode seen) {
        assertThat(texts(seen.path("users")), hasItem(HEARD));
        assertThat(texts(seen.path("assistants")).getFirst(), containsString(ANSWER.substring(0, 20)));
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
        assertThat(texts(seen.path("audioItems")), hasItem(truncate.path("item_id").asText()));
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
        assertThat(texts(seen.path("audioItems")), hasItem(stopped.path("item_id").asText()));
        assertThat(stopped.path("audio_end_ms").asInt(), both(greaterThan(0)).and(lessThan(ANSWER_MS)));
    }
}
