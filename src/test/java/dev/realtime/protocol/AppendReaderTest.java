package dev.realtime.protocol;

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
                " { \"event_id\" : \"ev_2\" , \"type\" : \"input_audio_buffer.append\", \"audio\": \"AAECAw\" } ")) {
            ClientEvent.AudioAppend fast = reader.read(json).orElseThrow();
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
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"")) {
            assertThat(json, reader.read(json), is(Optional.empty()));
        }
    }

    @Test
    void badAppendsStillGetTheParsersErrors() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.parse(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"not base64!\",\"event_id\":\"ev_3\"}"));
        assertThat(e.error().param(), is(Optional.of("audio")));
        assertThat(e.error().eventId(), is(Optional.of("ev_3")));
    }
}
