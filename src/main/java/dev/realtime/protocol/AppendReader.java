package dev.realtime.protocol;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The cheap path for the event a voice client sends fifty times a second: a flat
 * {@code {"type":"input_audio_buffer.append","audio":"...","event_id":"..."}} (fields in any order) is read with
 * Jackson's streaming parser, without building a tree. Anything else, including every malformed event, is left to
 * {@link ClientEventParser}, which reports the errors; so this reader never decides an error. Thread-safe.
 */
final class AppendReader {
    private static final String APPEND = "input_audio_buffer.append";

    private final JsonFactory factory;

    AppendReader(JsonFactory factory) {
        this.factory = factory;
    }

    /** The current string value as bytes, read from the parser's own buffer (no String is made). */
    private static byte[] ascii(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        byte[] bytes = new byte[p.getTextLength()];
        for (int i = 0; i < bytes.length; i++) {
            char c = chars[offset + i];
            // anything outside ASCII is not base64 anyway: '?' makes the decoder refuse it
            bytes[i] = c < 128 ? (byte) c : (byte) '?';
        }
        return bytes;
    }

    /**
     * @param text a client message
     * @return the append, or empty when the message is not a well-formed flat append
     */
    Optional<ClientEvent.AudioAppend> read(String text) {
        if (!text.contains(APPEND)) {
            return Optional.empty();
        }
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String type = null;
            byte[] audio = null;
            String eventId = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                switch (name) {
                    case "type" -> {
                        if (type != null) {
                            return Optional.empty();
                        }
                        type = p.getText();
                    }
                    case "audio" -> {
                        if (audio != null) {
                            return Optional.empty();
                        }
                        audio = ascii(p);
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
            if (!p.hasToken(JsonToken.END_OBJECT) || p.nextToken() != null || !APPEND.equals(type) || audio == null) {
                return Optional.empty();
            }
            return Optional.of(new ClientEvent.AudioAppend(Optional.ofNullable(eventId),
                                                           Base64.getDecoder().decode(audio)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
