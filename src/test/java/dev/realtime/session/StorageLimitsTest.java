package dev.realtime.session;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.Events;
import dev.realtime.testing.Metrics;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A client cannot make a session hold more than its caps (issue 13, item 3): an item larger than MAX_ITEM_BYTES is
 * refused, items past MAX_CONVERSATION_BYTES are refused while the session goes on (the engine's own count of what
 * sessions store stays under the cap), and the input buffer takes no more than MAX_INPUT_BUFFER_MS. Every message
 * is sent in 256 KiB fragments, as a streaming client would.
 */
class StorageLimitsTest {
    private static final int FRAGMENT = 64 * 1024;
    private static final int MIB = 1024 * 1024;
    private static final Pattern STORED = Pattern.compile("(?m)^realtime_session_stored_bytes(?:\\{[^}]*})? (\\S+)$");

    @Test
    void anItemLargerThanTheItemCapIsRefusedAndNothingIsStored() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", String.valueOf(8 * MIB)));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.sendFragmented(item("evt_big", "item_big", "a".repeat(4 * MIB)), FRAGMENT);
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("type").asText(), is("invalid_request_error"));
            assertThat(error.path("code").asText(), is("item_too_large"));
            assertThat(error.path("event_id").asText(), is("evt_big"));
            assertThat(error.path("message").asText(), containsString("at most 262144 bytes"));
            assertThat(error.path("message").asText(), containsString("MAX_ITEM_BYTES"));

            c.send(Events.retrieve("item_big"));
            assertThat(c.await("error").path("error").path("code").asText(), is("item_not_found"));
            c.send(item("evt_small", "item_small", "hello"));
            assertThat(c.await("conversation.item.done").path("item").path("id").asText(), is("item_small"));
        }
    }

    @Test
    void aHundredItemsOfFourMibHitTheConversationCapAndTheSessionGoesOn() throws Exception {
        int cap = 16 * MIB;
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", String.valueOf(8 * MIB),
                                                         "MAX_ITEM_BYTES", String.valueOf(5 * MIB),
                                                         "MAX_CONVERSATION_BYTES", String.valueOf(cap)));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            String text = "a".repeat(4 * MIB);
            for (int i = 0; i < 100; i++) {
                c.sendFragmented(item("evt_" + i, "item_" + i, text), FRAGMENT);
            }
            List<String> stored = new ArrayList<>();
            List<JsonNode> refused = new ArrayList<>();
            while (stored.size() + refused.size() < 100) {
                JsonNode event = c.await(e -> e.path("type").asText().equals("conversation.item.done")
                        || e.path("type").asText().equals("error"), "item done or error");
                if (event.path("type").asText().equals("error")) {
                    refused.add(event.path("error"));
                } else {
                    stored.add(event.path("item").path("id").asText());
                }
            }
            assertThat(stored, is(List.of("item_0", "item_1", "item_2")));
            assertThat(refused.size(), is(97));
            for (int i = 0; i < refused.size(); i++) {
                JsonNode error = refused.get(i);
                assertThat(error.path("code").asText(), is("conversation_too_large"));
                assertThat(error.path("event_id").asText(), is("evt_" + (i + 3)));
                assertThat(error.path("message").asText(), containsString("at most " + cap + " bytes"));
            }
            double held = stored(engine);
            assertThat(held, lessThanOrEqualTo((double) cap));
            assertThat(held, greaterThanOrEqualTo(3.0 * text.length()));

            // the session goes on: deleting an item makes room for another
            c.send(Events.delete("item_0"));
            c.await("conversation.item.deleted");
            c.sendFragmented(item("evt_again", "item_again", text), FRAGMENT);
            assertThat(c.await("conversation.item.done").path("item").path("id").asText(), is("item_again"));
            assertThat(stored(engine), lessThanOrEqualTo((double) cap));
        }
    }

    @Test
    void aManualTurnTakesNoMoreAudioThanTheBufferCap() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_INPUT_BUFFER_MS", "1000", "STT_PROVIDER", "none"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.sessionUpdate().with("session.audio.input.turn_detection", null));
            c.await("session.updated");
            String append = Base64.getEncoder().encodeToString(new byte[4_800]); // 100 ms of PCM16 24 kHz
            for (int i = 0; i < 12; i++) {
                c.send("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_a" + i + "\",\"audio\":\""
                               + append + "\"}");
            }
            for (int i = 10; i < 12; i++) {
                JsonNode error = c.await("error").path("error");
                assertThat(error.path("code").asText(), is("input_audio_buffer_full"));
                assertThat(error.path("event_id").asText(), is("evt_a" + i));
                assertThat(error.path("message").asText(), containsString("MAX_INPUT_BUFFER_MS"));
            }
            c.send(Events.commit());
            String itemId = c.await("input_audio_buffer.committed").path("item_id").asText();
            c.send(Events.retrieve(itemId));
            JsonNode audio = c.await("conversation.item.retrieved").path("item").path("content").get(0);
            assertThat(Base64.getDecoder().decode(audio.path("audio").asText()).length, is(48_000));

            // the buffer is empty again: the next turn takes audio
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + append + "\"}");
            c.send(Events.commit());
            assertThat(c.await("input_audio_buffer.committed").path("item_id").asText().equals(itemId), is(false));
        }
    }

    @Test
    void aDetectedTurnThatOutlastsTheBufferCapEndsThere() throws Exception {
        SpeechFixture speech = SpeechFixture.load("weather.wav");
        assertThat("the fixture's speech outlasts the cap", speech.speechEndMs(), greaterThan(1_000L));
        try (TestEngine engine = TestEngine.start(Map.of("MAX_INPUT_BUFFER_MS", "1000", "STT_PROVIDER", "none",
                                                         "CREATE_RESPONSE", "false"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            // one append longer than the cap is refused whatever the turn detection
            c.send("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_long\",\"audio\":\""
                           + Base64.getEncoder().encodeToString(new byte[48_000 + 4_800]) + "\"}");
            JsonNode refused = c.await("error").path("error");
            assertThat(refused.path("code").asText(), is("input_audio_buffer_full"));
            assertThat(refused.path("event_id").asText(), is("evt_long"));
            for (String append : speech.appends(AudioFormat.PCM16, 500, 1000)) {
                c.send(append);
            }
            JsonNode started = c.await("input_audio_buffer.speech_started");
            JsonNode stopped = c.await("input_audio_buffer.speech_stopped");
            String itemId = started.path("item_id").asText();
            assertThat(stopped.path("item_id").asText(), is(itemId));
            assertThat(stopped.path("audio_end_ms").asLong(),
                       lessThanOrEqualTo(started.path("audio_start_ms").asLong() + 1_000 + 40));
            assertThat(c.await("input_audio_buffer.committed").path("item_id").asText(), is(itemId));
            c.send(Events.retrieve(itemId));
            JsonNode audio = c.await("conversation.item.retrieved").path("item").path("content").get(0);
            assertThat(Base64.getDecoder().decode(audio.path("audio").asText()).length,
                       lessThanOrEqualTo(48_000 + 4_800));
        }
    }

    private static String item(String eventId, String itemId, String text) {
        return "{\"type\":\"conversation.item.create\",\"event_id\":\"" + eventId + "\",\"item\":{\"id\":\"" + itemId
                + "\",\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\""
                + text + "\"}]}}";
    }

    /** The engine's own count of what its open sessions store. */
    private static double stored(TestEngine engine) throws Exception {
        Matcher m = STORED.matcher(Metrics.scrape(engine));
        assertThat("realtime_session_stored_bytes is exported", m.find(), is(true));
        return Double.parseDouble(m.group(1));
    }
}
