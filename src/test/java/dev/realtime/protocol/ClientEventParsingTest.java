package dev.realtime.protocol;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientEventParsingTest {
    private final EventCodec ga = EventCodec.create(Dialect.GA);
    private final EventCodec beta = EventCodec.create(Dialect.BETA);

    @Test
    void parsesEveryClientEventType() {
        assertThat(ga.parse("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}"),
                   instanceOf(ClientEvent.SessionUpdate.class));
        assertThat(beta.parse("{\"type\":\"transcription_session.update\",\"session\":{}}"),
                   instanceOf(ClientEvent.SessionUpdate.class));
        ClientEvent.AudioAppend append = (ClientEvent.AudioAppend) ga.parse(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                        + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}");
        assertThat(append.audio().length, is(3));
        assertThat(ga.parse("{\"type\":\"input_audio_buffer.commit\"}"), instanceOf(ClientEvent.AudioCommit.class));
        assertThat(ga.parse("{\"type\":\"input_audio_buffer.clear\"}"), instanceOf(ClientEvent.AudioClear.class));
        assertThat(ga.parse("{\"type\":\"output_audio_buffer.clear\"}"),
                   instanceOf(ClientEvent.OutputAudioClear.class));
        assertThat(ga.parse("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"item_1\"}"),
                   is(new ClientEvent.ItemRetrieve(Optional.empty(), "item_1")));
        assertThat(ga.parse("{\"type\":\"conversation.item.delete\",\"item_id\":\"item_1\",\"event_id\":\"e1\"}"),
                   is(new ClientEvent.ItemDelete(Optional.of("e1"), "item_1")));
        assertThat(ga.parse("{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_1\",\"content_index\":0,"
                                    + "\"audio_end_ms\":1500}"),
                   is(new ClientEvent.ItemTruncate(Optional.empty(), "item_1", 0, 1500)));
        assertThat(ga.parse("{\"type\":\"response.cancel\"}"),
                   is(new ClientEvent.ResponseCancel(Optional.empty(), Optional.empty())));
        assertThat(ga.parse("{\"type\":\"response.cancel\",\"response_id\":\"resp_1\"}"),
                   is(new ClientEvent.ResponseCancel(Optional.empty(), Optional.of("resp_1"))));
    }

    @Test
    void parsesItemCreateWithAllContentKinds() {
        ClientEvent.ItemCreate create = (ClientEvent.ItemCreate) ga.parse(
                "{\"type\":\"conversation.item.create\",\"previous_item_id\":\"root\",\"item\":{\"id\":\"item_x\","
                        + "\"object\":\"realtime.item\",\"type\":\"message\",\"role\":\"user\",\"content\":["
                        + "{\"type\":\"input_text\",\"text\":\"hi\"},{\"type\":\"input_audio\",\"transcript\":\"yo\"}"
                        + "]}}");
        assertThat(create.previousItemId(), is(Optional.of("root")));
        Item.Message message = (Item.Message) create.item();
        assertThat(message.id(), is("item_x"));
        assertThat(message.role(), is(Item.Role.USER));
        assertThat(message.text(), is("hi yo"));
        ClientEvent.ItemCreate output = (ClientEvent.ItemCreate) ga.parse(
                "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\","
                        + "\"call_id\":\"call_1\",\"output\":\"{\\\"temp\\\":21}\"}}");
        Item.FunctionCallOutput o = (Item.FunctionCallOutput) output.item();
        assertThat(o.callId(), is("call_1"));
        assertThat(o.id().startsWith("item_"), is(true));
    }

    @Test
    void parsesResponseCreateOverridesInBothDialects() {
        ClientEvent.ResponseCreate gaCreate = (ClientEvent.ResponseCreate) ga.parse(
                "{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\",\"instructions\":\"Shout.\","
                        + "\"output_modalities\":[\"text\"],\"max_output_tokens\":64,\"temperature\":0.2,"
                        + "\"metadata\":{\"k\":\"v\"},\"input\":[{\"type\":\"item_reference\",\"id\":\"item_1\"},"
                        + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                        + "\"text\":\"x\"}]}],\"audio\":{\"output\":{\"voice\":\"cedar\"}}}}");
        ResponseParams p = gaCreate.params();
        assertThat(p.outOfBand(), is(true));
        assertThat(p.instructions(), is(Optional.of("Shout.")));
        assertThat(p.outputModalities(), is(Optional.of(List.of("text"))));
        assertThat(p.maxOutputTokens(), is(Optional.of(TokenLimit.of(64))));
        assertThat(p.temperature().getAsDouble(), is(0.2));
        assertThat(p.voice(), is(Optional.of("cedar")));
        assertThat(p.input().orElseThrow().size(), is(2));
        ClientEvent.ResponseCreate betaCreate = (ClientEvent.ResponseCreate) beta.parse(
                "{\"type\":\"response.create\",\"response\":{\"modalities\":[\"text\"],"
                        + "\"max_response_output_tokens\":\"inf\"}}");
        assertThat(betaCreate.params().outputModalities(), is(Optional.of(List.of("text"))));
        assertThat(betaCreate.params().maxOutputTokens(), is(Optional.of(TokenLimit.INF)));
        assertThat(((ClientEvent.ResponseCreate) ga.parse("{\"type\":\"response.create\"}")).params(),
                   is(ResponseParams.none()));
    }

    @Test
    void invalidJsonIsAnErrorNotAnException() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> ga.parse("{not json"));
        assertThat(e.error().type(), is("invalid_request_error"));
        assertThat(e.error().code(), is(Optional.of("invalid_json")));
    }

    @Test
    void textAfterTheEventIsInvalidJsonNotIgnored() {
        for (String json : new String[] {"{\"type\":\"response.create\"} trailing", "{\"type\":\"response.cancel\"}}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"} {\"type\":\"response.create\"}"}) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> ga.parse(json), json);
            assertThat(json, e.error().code(), is(Optional.of("invalid_json")));
        }
    }

    @Test
    void missingTypeNamesTheFieldAndEchoesTheEventId() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> ga.parse("{\"event_id\":\"ev_9\"}"));
        assertThat(e.error().code(), is(Optional.of("invalid_event")));
        assertThat(e.error().message(), is("The 'type' field is missing."));
        assertThat(e.error().eventId(), is(Optional.of("ev_9")));
    }

    @Test
    void unknownTypeListsTheSupportedOnes() {
        ProtocolException e = assertThrows(ProtocolException.class,
                                           () -> ga.parse("{\"type\":\"response.explode\",\"event_id\":\"x\"}"));
        assertThat(e.error().message(), containsString("response.explode"));
        assertThat(e.error().message(), containsString("conversation.item.create"));
        assertThat(e.error().param(), is(Optional.of("type")));
    }

    @Test
    void missingAndMistypedFieldsNameTheirPath() {
        ProtocolException missing = assertThrows(ProtocolException.class,
                                                 () -> ga.parse("{\"type\":\"conversation.item.retrieve\"}"));
        assertThat(missing.error().code(), is(Optional.of("missing_required_parameter")));
        assertThat(missing.error().param(), is(Optional.of("item_id")));
        ProtocolException mistyped = assertThrows(ProtocolException.class, () -> ga.parse(
                "{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"content_index\":0,"
                        + "\"audio_end_ms\":\"soon\"}"));
        assertThat(mistyped.error().code(), is(Optional.of("invalid_type")));
        assertThat(mistyped.error().param(), is(Optional.of("audio_end_ms")));
        ProtocolException content = assertThrows(ProtocolException.class, () -> ga.parse(
                "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":\"x\"}]}}"));
        assertThat(content.error().param(), is(Optional.of("item.content[0].type")));
    }

    @Test
    void invalidBase64IsRejected() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> ga.parse(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"***\"}"));
        assertThat(e.error().param(), is(Optional.of("audio")));
    }
}
