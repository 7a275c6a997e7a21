package dev.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming append path agrees with the tree parser, and leaves everything unusual to it. */
class AppendReaderTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final AppendReader reader = new AppendReader(mapper.getFactory());
    private final ClientEventParser parser = new ClientEventParser(mapper);
    private final EventCodec codec = EventCodec.create(Dialect.GA);

    @Test
    void readsFlatAppendsInAnyFieldOrderAsTheParserDoes() {
        for (String json : List.of(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAECAw==\"}",
                "{\"audio\":\"AAECAw==\",\"event_id\":\"ev_1\",\"type\":\"input_audio_buffer.append\"}",
                " { \"event_id\" : \"ev_2\" , \"type\" : \"input_audio_buffer.append\", \"audio\": \"AAECAw\" } ",
                "{\"event_id\":\"\u00e9v\u20ac\",\"type\":\"input_audio_buffer.append\",\"audio\":\"AAECAw==\"}",
                "{\"audio\":\"AAECAw==\"\n\t,\"type\":\"input_audio_buffer.append\"}")) {
            ClientEvent.AudioAppend fast = reader.read(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
            ClientEvent.AudioAppend slow = (ClientEvent.AudioAppend) parser.parse(json, Dialect.GA);
            assertThat(fast.eventId(), is(slow.eventId()));
            assertArrayEquals(slow.audio(), fast.audio());
            assertArrayEquals(new byte[] {0, 1, 2, 3}, fast.audio());
        }
    }

    @Test
    void leavesAnythingElseToTheParser() {
        for (String json : List.of(
                "{\"type\":\"input_audio_buffer.commit\"}",
                "{\"type\":\"input_audio_buffer.append\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"not base64!\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":7}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AA\u00e9=\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\",\"extra\":{\"a\":1}}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\",\"event_id\":\"a\",\"event_id\":\"b\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\",\"type\":\"input_audio_buffer.append\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"} trailing",
                "[\"input_audio_buffer.append\"]",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AA\\/A\"}",
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"\\u0041AAA\" }",
                "{\"audio\":\"AA\\\"A\" , \"type\":\"input_audio_buffer.append\"}",
                "{\"type\":\"session.update\",\"audio\":\"AAAA\"}")) {
            assertThat(json, reader.read(json.getBytes(StandardCharsets.UTF_8)), is(Optional.empty()));
        }
    }

    @Test
    void escapedBase64IsReadByTheParserFromBytesAsFromText() {
        String json = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AA\\/A\",\"event_id\":\"ev_\u00e9\"}";
        ClientEvent.AudioAppend fromText = (ClientEvent.AudioAppend) codec.parse(json);
        ClientEvent.AudioAppend fromBytes =
                (ClientEvent.AudioAppend) codec.parse(json.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {0, 15, -64}, fromBytes.audio());
        assertArrayEquals(fromText.audio(), fromBytes.audio());
        assertThat(fromBytes.eventId(), is(Optional.of("ev_\u00e9")));
    }

    @Test
    void badAppendsStillGetTheParsersErrors() {
        String json = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"not base64!\",\"event_id\":\"ev_3\"}";
        ProtocolException fromText = assertThrows(ProtocolException.class, () -> codec.parse(json));
        ProtocolException fromBytes = assertThrows(ProtocolException.class,
                                                   () -> codec.parse(json.getBytes(StandardCharsets.UTF_8)));
        for (ProtocolException e : List.of(fromText, fromBytes)) {
            assertThat(e.error().param(), is(Optional.of("audio")));
            assertThat(e.error().eventId(), is(Optional.of("ev_3")));
        }
        assertThat(fromBytes.error(), is(fromText.error()));
    }
}
