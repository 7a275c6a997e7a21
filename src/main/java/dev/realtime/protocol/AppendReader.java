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
            String audio = null;
            String eventId = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                switch (name) {
                    case "type" -> type = type == null ? p.getText() : "";
                    case "audio" -> audio = audio == null ? p.getText() : null;
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
