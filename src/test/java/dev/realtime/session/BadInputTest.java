package dev.realtime.session;

import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Bad client input yields an OpenAI-shaped error and the session goes on; only an oversize message closes it.
 */
class BadInputTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of("MAX_MESSAGE_BYTES", "65536"));

    private static WsTestClient client() throws InterruptedException {
        WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token());
        c.await("session.created");
        return c;
    }

    private static JsonNode error(WsTestClient c, String message) throws InterruptedException {
        c.send(message);
        JsonNode event = c.await("error");
        assertThat(event.path("event_id").asText().startsWith("event_"), is(true));
        return event.path("error");
    }

    /** The session still answers: a retrieve of a missing item is an error naming it. */
    private static void stillAlive(WsTestClient c) throws InterruptedException {
        c.send("{\"type\":\"input_audio_buffer.clear\"}");
        assertThat(c.await("input_audio_buffer.cleared").path("type").asText(), is("input_audio_buffer.cleared"));
        assertThat(c.open(), is(true));
    }

    @Test
    void invalidJson() throws Exception {
        try (WsTestClient c = client()) {
            JsonNode e = error(c, "{\"type\": \"session.update\", ");
            assertThat(e.path("type").asText(), is("invalid_request_error"));
            assertThat(e.path("code").asText(), is("invalid_json"));
            stillAlive(c);
        }
    }

    @Test
    void unknownTypeEchoesEventId() throws Exception {
        try (WsTestClient c = client()) {
            JsonNode e = error(c, "{\"type\":\"conversation.explode\",\"event_id\":\"evt_42\"}");
            assertThat(e.path("code").asText(), is("invalid_event"));
            assertThat(e.path("param").asText(), is("type"));
            assertThat(e.path("event_id").asText(), is("evt_42"));
            stillAlive(c);
        }
    }

    @Test
    void missingAndMistypedFields() throws Exception {
        try (WsTestClient c = client()) {
            JsonNode missing = error(c, "{\"type\":\"conversation.item.delete\",\"event_id\":\"d1\"}");
            assertThat(missing.path("code").asText(), is("missing_required_parameter"));
            assertThat(missing.path("param").asText(), is("item_id"));
            assertThat(missing.path("event_id").asText(), is("d1"));
            JsonNode mistyped = error(c, "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
                    + "\"instructions\":42}}");
            assertThat(mistyped.path("code").asText(), is("invalid_type"));
            assertThat(mistyped.path("param").asText(), is("session.instructions"));
            JsonNode notObject = error(c, "[1,2,3]");
            assertThat(notObject.path("code").asText(), is("invalid_event"));
            stillAlive(c);
        }
    }

    @Test
    void invalidSessionUpdateChangesNothing() throws Exception {
        try (WsTestClient c = client()) {
            JsonNode e = error(c, "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
                    + "\"instructions\":\"new\",\"audio\":{\"output\":{\"voice\":\"\"}}}}");
            assertThat(e.path("param").asText(), is("session.audio.output.voice"));
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tool_choice\":\"auto\"}}");
            JsonNode session = c.await("session.updated").path("session");
            assertThat(session.path("instructions").asText().equals("new"), is(false));
        }
    }

    @Test
    void binaryFramesAreAnError() throws Exception {
        try (WsTestClient c = client()) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.await("error").path("error").path("message").asText(), containsString("Binary"));
            stillAlive(c);
        }
    }

    @Test
    void conversationErrorsNameTheItem() throws Exception {
        try (WsTestClient c = client()) {
            assertThat(error(c, "{\"type\":\"conversation.item.retrieve\",\"item_id\":\"item_nope\"}")
                               .path("code").asText(), is("item_not_found"));
            assertThat(error(c, "{\"type\":\"conversation.item.create\",\"previous_item_id\":\"item_nope\","
                    + "\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[]}}").path("param").asText(),
                       is("previous_item_id"));
            assertThat(error(c, "{\"type\":\"conversation.item.create\",\"item\":{\"type\":"
                    + "\"function_call_output\",\"call_id\":\"call_unknown\",\"output\":\"{}\"}}").path("param")
                               .asText(), is("item.call_id"));
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"item_a\",\"type\":\"message\","
                           + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\"}]}}");
            c.await("conversation.item.done");
            JsonNode truncate = error(c, "{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_a\","
                    + "\"content_index\":0,\"audio_end_ms\":100}");
            assertThat(truncate.path("param").asText(), is("content_index"));
            assertThat(error(c, "{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"item_a\",\"type\":"
                    + "\"message\",\"role\":\"user\",\"content\":[]}}").path("param").asText(), is("item.id"));
            stillAlive(c);
        }
    }

    @Test
    void emptyCommitIsAnErrorAndAudioIsKept() throws Exception {
        try (WsTestClient c = client()) {
            JsonNode e = error(c, "{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(e.path("code").asText(), is("input_audio_buffer_commit_empty"));
            String chunk = Base64.getEncoder().encodeToString(new byte[4800]);
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + chunk + "\"}");
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"not base64!\"}");
            c.await("error");
            c.send("{\"type\":\"input_audio_buffer.commit\"}");
            JsonNode committed = c.await("input_audio_buffer.committed");
            JsonNode added = c.await("conversation.item.added").path("item");
            assertThat(added.path("id").asText(), is(committed.path("item_id").asText()));
            assertThat(added.path("content").get(0).path("type").asText(), is("input_audio"));
            assertThat(c.await("conversation.item.done").path("item").path("id").asText(),
                       is(committed.path("item_id").asText()));
        }
    }

    @Test
    void deleteAndRetrieveWork() throws Exception {
        try (WsTestClient c = client()) {
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"item_1\",\"type\":\"message\","
                           + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"one\"}]}}");
            c.await("conversation.item.done");
            c.send("{\"type\":\"conversation.item.create\",\"previous_item_id\":\"root\",\"item\":{\"id\":\"item_0\","
                           + "\"type\":\"message\",\"role\":\"system\",\"content\":[{\"type\":\"input_text\","
                           + "\"text\":\"zero\"}]}}");
            JsonNode added = c.await("conversation.item.added");
            assertThat(added.path("previous_item_id").isNull(), is(true));
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"item_1\"}");
            JsonNode retrieved = c.await("conversation.item.retrieved").path("item");
            assertThat(retrieved.path("content").get(0).path("text").asText(), is("one"));
            c.send("{\"type\":\"conversation.item.delete\",\"item_id\":\"item_1\"}");
            assertThat(c.await("conversation.item.deleted").path("item_id").asText(), is("item_1"));
            assertThat(error(c, "{\"type\":\"conversation.item.retrieve\",\"item_id\":\"item_1\"}").path("code")
                               .asText(), is("item_not_found"));
        }
    }

    @Test
    void fragmentedMessagesAreReassembled() throws Exception {
        try (WsTestClient c = client()) {
            String big = "x".repeat(20_000);
            c.sendFragmented("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\""
                                     + big + "\"}}", 4096);
            assertThat(c.await("session.updated").path("session").path("instructions").asText().length(),
                       is(20_000));
        }
    }

    @Test
    void oversizeMessageClosesWith1009() throws Exception {
        try (WsTestClient c = client()) {
            c.sendFragmentedUntilClosed("{\"type\":\"session.update\",\"session\":{\"instructions\":\""
                                                + "y".repeat(100_000)
                                                + "\"}}", 16_384);
            assertThat(c.awaitClose(), is(1009));
            assertThat(c.closeReason(), containsString("larger than"));
        }
    }

    @Test
    void pingsAreAnswered() throws Exception {
        try (WsTestClient c = client()) {
            c.ping(new byte[] {7, 7});
            assertThat(c.awaitPong().remaining(), is(2));
        }
    }
}
