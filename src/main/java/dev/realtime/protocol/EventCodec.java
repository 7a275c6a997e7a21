package dev.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The wire codec of one dialect: client event JSON in, server event JSON out. Stateless and thread-safe; parsing
 * runs on the socket thread, encoding on the session loop.
 */
public final class EventCodec {
    // "{...} more" is not one event (or body): without this Jackson reads the first value and drops the rest
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Dialect dialect;
    private final ClientEventParser parser;
    private final AppendReader appends;
    private final ServerEventWriter writer;

    private EventCodec(Dialect dialect) {
        this.dialect = dialect;
        this.parser = new ClientEventParser(MAPPER);
        this.appends = new AppendReader(MAPPER.getFactory());
        this.writer = new ServerEventWriter(dialect);
    }

    /**
     * A codec for a dialect.
     *
     * @param dialect the connection's dialect
     * @return codec
     */
    public static EventCodec create(Dialect dialect) {
        return new EventCodec(dialect);
    }

    /** The dialect of this codec. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Parses one client event.
     *
     * @param json the text message
     * @return the event
     * @throws ProtocolException when the event is invalid; its error carries the client's {@code event_id}
     */
    public ClientEvent parse(String json) {
        Optional<ClientEvent.AudioAppend> append = appends.read(json.getBytes(StandardCharsets.UTF_8));
        return append.isPresent() ? append.get() : parser.parse(json, dialect);
    }

    /**
     * Parses one client event from the bytes of a text message: an append is read from the bytes themselves (no
     * String, no copy of its base64), any other event as {@link #parse(String)} does.
     *
     * @param utf8 the text message's bytes, already checked to be valid UTF-8
     * @return the event
     * @throws ProtocolException when the event is invalid; its error carries the client's {@code event_id}
     */
    public ClientEvent parse(byte[] utf8) {
        Optional<ClientEvent.AudioAppend> append = appends.read(utf8);
        return append.isPresent() ? append.get() : parser.parse(new String(utf8, StandardCharsets.UTF_8), dialect);
    }

    /**
     * Encodes a server event.
     *
     * @param event   the event
     * @param eventId the server event id
     * @return the JSON text, or empty when this dialect has no such event
     */
    public Optional<String> encode(ServerEvent event, String eventId) {
        return writer.write(event, eventId).map(EventCodec::text);
    }

    /**
     * Encodes a server event as the UTF-8 bytes of a text message, without a {@code String} in between (audio is
     * base64-encoded straight into the bytes).
     *
     * @param event   the event
     * @param eventId the server event id
     * @return the JSON as UTF-8, or empty when this dialect has no such event
     */
    public Optional<byte[]> encodeUtf8(ServerEvent event, String eventId) {
        return writer.write(event, eventId).map(EventCodec::utf8);
    }

    /**
     * The session object as this dialect spells it, for HTTP endpoints that return sessions.
     *
     * @param session the session
     * @return JSON tree
     */
    public ObjectNode sessionObject(SessionConfig session) {
        return writer.sessions().session(session);
    }

    private static byte[] utf8(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static String text(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
