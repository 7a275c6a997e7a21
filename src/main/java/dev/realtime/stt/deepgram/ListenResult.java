package dev.realtime.stt.deepgram;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One {@code Results} message of Deepgram listen v1, reduced to what turn assembly needs. Pure.
 *
 * @param transcript   {@code channel.alternatives[0].transcript}, possibly empty
 * @param isFinal      {@code is_final}: this audio range is settled
 * @param fromFinalize {@code from_finalize}: forced by a {@code Finalize}
 * @param start        start of the audio range, seconds since the connection opened
 * @param duration     length of the audio range in seconds
 */
record ListenResult(String transcript, boolean isFinal, boolean fromFinalize, double start, double duration) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param json a text frame from Deepgram
     * @return the result, or empty for other message types ({@code Metadata}, {@code SpeechStarted}, ...) and junk
     */
    static Optional<ListenResult> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (root == null || !"Results".equals(root.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode alternative = root.path("channel").path("alternatives").path(0);
        return Optional.of(new ListenResult(alternative.path("transcript").asText(""),
                                            root.path("is_final").asBoolean(false),
                                            root.path("from_finalize").asBoolean(false),
                                            root.path("start").asDouble(0),
                                            root.path("duration").asDouble(0)));
    }

    /** @return end of the audio range in seconds since the connection opened */
    double end() {
        return start + duration;
    }
}
