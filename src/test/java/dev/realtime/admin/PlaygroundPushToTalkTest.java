package dev.realtime.admin;

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
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The playground's other ways in, in headless Chromium against the harness simulator: push-to-talk and a function
 * tool set before Start reach the session, a typed question is answered through a function call whose result is
 * typed into the page, and holding the Talk button while that answer plays cuts it, then sends the microphone (and
 * only then) as one committed turn.
 */
class PlaygroundPushToTalkTest {
    private static final String HEARD = "Tell me something nice.";
    private static final String TOOL_RESULT = "{\"sky\":\"clear\",\"celsius\":21}";
    /** Spoken at real time: the answer is still playing, and still being made, when the button is held. */
    private static final int ANSWER_MS = 4000;

    @Test
    void typedTurnWithAFunctionCallThenAHeldTurn() throws Exception {
        try (PlaygroundRig rig = PlaygroundRig.start(Map.of(
                "sttText", HEARD, "llmText", "You are doing great.", "afterToolText", "The tool said {output}.",
                "ttsAudioMs", ANSWER_MS, "ttsRealtimeFactor", 1))) {
            Path speech = PlaygroundRig.speechThenPause(1000);
            JsonNode seen = PlaygroundBrowser.drive("playground-ptt.mjs", rig.base(), TestEngine.API_KEY,
                                                    speech.toString(), TOOL_RESULT);
            assertThat(seen.path("failure").asText() + "\n" + seen, seen.has("failure"), is(false));
            assertThat(seen.path("pageErrors").toString(), seen.path("pageErrors").size(), is(0));
            assertThat(seen.path("errors").toString(), seen.path("errors").size(), is(0));

            JsonNode session = seen.path("sessionUpdated");
            assertThat("push-to-talk turns the engine's detection off", session.path("audio").path("input")
                    .path("turn_detection").isNull(), is(true));
            assertThat(session.path("tools").get(0).path("name").asText(), is("get_weather"));

            assertThat(seen.path("callShown").asText(), containsString("get_weather({\"city\":\"Paris\"})"));
            JsonNode output = seen.path("functionOutputs").get(0);
            assertThat(output.path("output").asText(), is(TOOL_RESULT));
            assertThat(texts(seen.path("assistants")).getFirst(), containsString("The tool said " + TOOL_RESULT));

            assertThat("nothing is sent before the button is held", seen.path("appendsBeforeHold").asInt(), is(0));
            assertThat(seen.path("appendsWhileHeld").asInt(), greaterThan(0));
            List<String> sent = texts(seen.path("sent"));
            List<String> held = sent.subList(sent.lastIndexOf("conversation.item.create") + 2, sent.size());
            assertThat(sent.toString(), held.stream().filter(t -> !t.equals("conversation.item.truncate")).distinct()
                    .toList(), is(List.of("response.cancel", "input_audio_buffer.clear", "input_audio_buffer.append",
                                          "input_audio_buffer.commit", "response.create")));
            assertThat("holding the button cut the answer playing", held.indexOf("conversation.item.truncate"),
                       is(both(greaterThan(held.indexOf("input_audio_buffer.clear")))
                                  .and(lessThan(held.indexOf("input_audio_buffer.commit")))));
            int heardMs = seen.path("truncates").get(0).path("audio_end_ms").asInt();
            assertThat(heardMs, is(both(greaterThan(0)).and(lessThan(ANSWER_MS))));
            assertThat("no server VAD", seen.path("speechStarted").asInt(), is(0));
            assertThat(texts(seen.path("users")), hasItem(HEARD));
            assertThat(texts(seen.path("assistants")).get(1), containsString("You are doing great."));
            assertThat(texts(seen.path("latency")).getFirst(), containsString("Turn 3: "));
        }
    }
}
