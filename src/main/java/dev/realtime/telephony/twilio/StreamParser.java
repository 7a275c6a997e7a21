package dev.realtime.telephony.twilio;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON messages of a Twilio Media Stream into {@link StreamEvent}s, with Jackson. Pure; any thread.
 */
final class StreamParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamParser() {
    }

    /**
     * Reads one message.
     *
     * @param json the text message's bytes
     * @return the event
     * @throws StreamEvent.BadMessage when it is not JSON, not a known event, or its payload is not Base64
     */
    static StreamEvent parse(byte[] json) {
        JsonNode message;
        try {
            message = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StreamEvent.BadMessage("malformed", "a message that is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StreamEvent.BadMessage("malformed", "a message that is not JSON: " + e.getMessage());
        }
        String event = message.path("event").asText("");
        return switch (event) {
            case "connected" -> new StreamEvent.Connected();
            case "start" -> start(message.path("start"), message.path("streamSid").asText(""));
            case "media" -> media(message.path("media"));
            case "dtmf" -> new StreamEvent.Dtmf(message.path("dtmf").path("digit").asText(""));
            case "mark" -> new StreamEvent.Mark(message.path("mark").path("name").asText(""));
            case "stop" -> new StreamEvent.Stop();
            default -> throw new StreamEvent.BadMessage("unknown_event", "an unknown event '" + event + "'");
        };
    }

    private static StreamEvent.Start start(JsonNode start, String envelopeSid) {
        JsonNode format = start.path("mediaFormat");
        return new StreamEvent.Start(start.path("streamSid").asText(envelopeSid), start.path("callSid").asText(""),
                                     format.path("encoding").asText(""), format.path("sampleRate").asInt(),
                                     Optional.of(start.path("customParameters").path("preset").asText(""))
                                             .filter(p -> !p.isBlank()));
    }

    private static StreamEvent.Media media(JsonNode media) {
        try {
            return new StreamEvent.Media("inbound".equals(media.path("track").asText("inbound")),
                                         Base64.getDecoder().decode(media.path("payload").asText("")));
        } catch (IllegalArgumentException e) {
            throw new StreamEvent.BadMessage("bad_payload", "media whose payload is not Base64");
        }
    }
}
