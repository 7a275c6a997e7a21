package dev.realtime.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The cheap path for the event a voice client sends fifty times a second: a flat
 * {@code {"type":"input_audio_buffer.append","audio":"...","event_id":"..."}} (fields in any order) is read from the
 * message's UTF-8 bytes with Jackson's byte-based streaming parser, without building a tree or a String, and the
 * base64 is decoded straight from the message bytes. Anything else, including every malformed event, is left to
 * {@link ClientEventParser}, which reports the errors; so this reader never decides an error. Thread-safe.
 */
final class AppendReader {
    private static final String APPEND = "input_audio_buffer.append";

    private final JsonFactory factory;

    AppendReader(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * @param json a client message as UTF-8 bytes
     * @return the append, or empty when the message is not a well-formed flat append
     */
    Optional<ClientEvent.AudioAppend> read(byte[] json) {
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            boolean typed = false;
            int audioAt = -1;
            String eventId = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                switch (name) {
                    case "type" -> {
                        if (typed || !APPEND.equals(p.getText())) {
                            return Optional.empty();
                        }
                        typed = true;
                    }
                    case "audio" -> {
                        if (audioAt >= 0) {
                            return Optional.empty();
                        }
                        // the opening quote: the parser skips the value without copying it when it moves on
                        audioAt = (int) p.currentTokenLocation().getByteOffset() + 1;
                    }
                    case "event_id" -> {
                        if (eventId != null) {
                            return Optional.empty();
                        }
                        eventId = p.getText();
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            if (!p.hasToken(JsonToken.END_OBJECT) || p.nextToken() != null || !typed || audioAt < 0) {
                return Optional.empty();
            }
            Optional<String> id = Optional.ofNullable(eventId);
            return base64(json, audioAt).map(audio -> new ClientEvent.AudioAppend(id, audio));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The string value that starts at {@code from} (after its opening quote, in JSON the parser has checked),
     * decoded as base64 by the same decoder as {@link ClientEventParser}; empty when it holds an escape, which
     * only the parser resolves. Base64 needs no escapes, so a client that sends one only takes the slower path.
     */
    private static Optional<byte[]> base64(byte[] json, int from) {
        int end = from;
        while (json[end] != '"') {
            if (json[end] == '\\') {
                return Optional.empty();
            }
            end++;
        }
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(json, from, end - from));
        byte[] audio = decoded.array();
        return Optional.of(decoded.limit() == audio.length ? audio : Arrays.copyOf(audio, decoded.limit()));
    }
}
