package dev.realtime.telephony.twilio;

import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The messages the engine sends on a Twilio Media Stream, as Twilio documents them: {@code media} (Base64 μ-law at
 * 8 kHz), {@code mark} and {@code clear}, each naming the stream. Pure.
 */
final class StreamMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamMessages() {
    }

    /** Audio for the caller. */
    static byte[] media(String streamSid, byte[] ulaw) {
        ObjectNode message = event("media", streamSid);
        message.putObject("media").put("payload", Base64.getEncoder().encodeToString(ulaw));
        return bytes(message);
    }

    /** A mark Twilio echoes once the audio sent before it has played. */
    static byte[] mark(String streamSid, String name) {
        ObjectNode message = event("mark", streamSid);
        message.putObject("mark").put("name", name);
        return bytes(message);
    }

    /** Empties Twilio's buffer of audio not yet played. */
    static byte[] clear(String streamSid) {
        return bytes(event("clear", streamSid));
    }

    private static ObjectNode event(String type, String streamSid) {
        return JSON.createObjectNode().put("event", type).put("streamSid", streamSid);
    }

    private static byte[] bytes(ObjectNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
