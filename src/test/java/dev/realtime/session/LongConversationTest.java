package dev.realtime.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.SttEvent;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A spoken conversation longer than the session's storage cap goes on (issue 13, item 3): the audio of older turns
 * is let go first, silently; when the turns' own items pass the cap, the oldest leave the conversation with
 * {@code conversation.item.deleted}; every turn is still answered, and a client's item still finds room.
 */
class LongConversationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TEXT_ONLY = Events.textOnly().toString();

    @Test
    void theAudioOfOlderTurnsIsLetGoFirst() throws Exception {
        // a turn's audio is about 70 kB: three of them pass 160 KiB, their transcripts are small
        try (Rig rig = new Rig(160 * 1024)) {
            List<String> turns = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                turns.add(rig.turn("What time is it?"));
            }
            assertThat(rig.audio(turns.getFirst()), is(false));
            assertThat(rig.audio(turns.getLast()), is(true));
            assertThat(rig.client.types().contains("conversation.item.deleted"), is(false));
            assertThat(rig.client.types().contains("error"), is(false));
        }
    }

    @Test
    void theOldestItemsLeaveWhenTheTurnsThemselvesPassTheCap() throws Exception {
        // each turn stores 10 kB of transcript (the answer repeats only its start): eight of them pass 64 KiB
        String words = "one two three four five six seven eight nine ten ".repeat(200).strip();
        try (Rig rig = new Rig(64 * 1024)) {
            List<String> turns = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                turns.add(rig.turn(words));
                rig.seen.stream().filter(e -> e.path("type").asText().equals("conversation.item.deleted"))
                        .forEach(e -> deleted.add(e.path("item_id").asText()));
                rig.seen.clear();
            }
            assertThat(deleted, not(empty()));
            assertThat(deleted.getFirst(), is(turns.getFirst()));
            rig.client.send(Events.retrieve(turns.getFirst()));
            assertThat(rig.client.await("error").path("error").path("code").asText(), is("item_not_found"));

            // the cap is full of the call's own turns: a client's item (a tool's output, say) still fits, as the
            // oldest turns make room for it
            rig.client.send("{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"item_client\","
                                    + "\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":"
                                    + "\"input_text\",\"text\":\"" + "x".repeat(30_000) + "\"}]}}");
            List<JsonNode> created = rig.client.until("conversation.item.done");
            assertThat(created.getLast().path("item").path("id").asText(), is("item_client"));
            assertThat(count(created, "error"), is(0L));
            assertThat(count(created, "conversation.item.deleted") > 0, is(true));
            rig.client.send(Events.retrieve(turns.getLast()));
            JsonNode last = rig.client.await("conversation.item.retrieved").path("item");
            assertThat(last.path("content").get(0).path("transcript").asText(), is(words));
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).count();
    }

    /** A session on a server with a scripted transcriber and the given conversation cap. */
    private static final class Rig implements AutoCloseable {
        private final ScriptedSttEngine stt = new ScriptedSttEngine();
        private final SessionServer server;
        private final WsTestClient client;
        private final List<JsonNode> seen = new ArrayList<>();
        private ScriptedSttStream stream;

        Rig(int cap) throws Exception {
            server = SessionServer.start(Map.of("STT_PROVIDER", "openai-compatible",
                                                "STT_BASE_URL", "http://127.0.0.1:9/v1",
                                                "MAX_ITEM_BYTES", "32768",
                                                "MAX_CONVERSATION_BYTES", String.valueOf(cap)), stt);
            client = WsTestClient.connect(server.wsUri(), SessionServer.API_KEY);
            client.await("session.created");
            client.send(TEXT_ONLY);
            client.await("session.updated");
        }

        /** One spoken turn transcribed as the text and answered; returns its user item. */
        String turn(String transcript) throws Exception {
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 200, 1000)) {
                client.send(append);
            }
            if (stream == null) {
                stream = stt.awaitOpened(WAIT);
            }
            String item = stream.awaitCommit(WAIT).orElseThrow();
            stream.emit(new SttEvent.Completed(item, transcript));
            List<JsonNode> events = client.until("response.done");
            seen.addAll(events);
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
            return item;
        }

        /** Whether retrieving the item returns its audio. */
        boolean audio(String itemId) throws Exception {
            client.send(Events.retrieve(itemId));
            JsonNode content = client.await("conversation.item.retrieved").path("item").path("content").get(0);
            return content.hasNonNull("audio") && !content.path("audio").asText().isEmpty();
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }
}
