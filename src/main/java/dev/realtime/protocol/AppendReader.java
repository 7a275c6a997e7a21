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
 * base64 is decoded straight from the message bytes (by the same decoder as {@link ClientEventParser}). Anything
 * else, including every malformed event, is left to {@link ClientEventParser}, which reports the errors; so this
 * reader never decides an error. Thread-safe.
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
            int audioEnd = -1;
            String eventId = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                if (audioAt >= 0 && audioEnd < 0) {
                    audioEnd = closingQuote(json, p);
                }
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
            if (!p.hasToken(JsonToken.END_OBJECT) || !typed || audioAt < 0) {
                return Optional.empty();
            }
            if (audioEnd < 0) {
                audioEnd = closingQuote(json, p);
            }
            if (p.nextToken() != null) {
                return Optional.empty();
            }
            byte[] audio = base64(json, audioAt, audioEnd);
            return Optional.of(new ClientEvent.AudioAppend(Optional.ofNullable(eventId), audio));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The bytes {@code json[from, to)} decoded as base64, by the same decoder as {@link ClientEventParser}.
     *
     * @throws IllegalArgumentException when they are not base64, as when the value holds an escape (even
     *                                  {@code \/}, which only the parser resolves: such a client takes its path)
     */
    private static byte[] base64(byte[] json, int from, int to) {
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(json, from, to - from));
        byte[] audio = decoded.array();
        return decoded.limit() == audio.length ? audio : Arrays.copyOf(audio, decoded.limit());
    }

    /**
     * The closing quote of the audio value: the last quote before the token after it (only whitespace and a comma
     * lie between, in JSON the parser has checked). The parser skipped the value without copying it, and this
     * finds its end without reading it again.
     */
    private static int closingQuote(byte[] json, JsonParser p) {
        int end = (int) p.currentTokenLocation().getByteOffset() - 1;
        while (json[end] != '"') {
            end--;
        }
        return end;
    }
}
