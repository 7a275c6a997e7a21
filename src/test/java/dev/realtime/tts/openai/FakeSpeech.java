package dev.realtime.tts.openai;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.tts.FakeTone;

/**
 * What {@link FakeSpeechServer} answers to a request: validation like OpenAI's, then the audio bytes of the
 * requested (or overridden) format. Pure.
 */
final class FakeSpeech {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> MODELS = Set.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "kokoro");
    private static final Set<String> VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx",
            "nova", "sage", "shimmer", "verse", "marin", "cedar", "af_heart", "af_bella");
    private static final Set<String> FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");

    /** A response: status, content type, body and the samples of audio in it. */
    record Answer(int status, String contentType, byte[] body, int samples) {
        static Answer error(int status, String body) {
            return new Answer(status, body.startsWith("{") ? "application/json" : "text/plain",
                              body.getBytes(StandardCharsets.UTF_8), 0);
        }

        static Answer openAi(int status, String message) {
            ObjectNode root = MAPPER.createObjectNode();
            root.putObject("error").put("message", message).put("type", "invalid_request_error");
            return error(status, root.toString());
        }
    }

    private FakeSpeech() {
    }

    static Answer answer(String method, JsonNode body, Optional<String> override, int msPerChar, int wavRate,
                         boolean wavUnknownSize, boolean id3) {
        if (!method.equals("POST")) {
            return Answer.openAi(405, "Method not allowed");
        }
        String model = body.path("model").asText("");
        if (!MODELS.contains(model)) {
            return Answer.openAi(404, "The model '" + model + "' does not exist or you do not have access to it.");
        }
        String input = body.path("input").asText("");
        if (input.isEmpty() || input.length() > 4_096) {
            return Answer.openAi(400, "input must be 1 to 4096 characters, got " + input.length());
        }
        String voice = body.path("voice").asText("");
        if (!VOICES.contains(voice)) {
            return Answer.openAi(400, "Invalid voice '" + voice + "'.");
        }
        String format = body.path("response_format").asText("mp3");
        if (!FORMATS.contains(format)) {
            return Answer.openAi(400, "Invalid response_format '" + format + "'.");
        }
        double speed = body.path("speed").asDouble(1.0);
        if (speed < 0.25 || speed > 4.0) {
            return Answer.error(422, "{\"detail\":[{\"loc\":[\"body\",\"speed\"],\"msg\":\"Input should be between "
                    + "0.25 and 4.0\",\"type\":\"less_than_equal\"}]}");
        }
        return switch (override.orElse(format)) {
            case "pcm" -> {
                int n = FakeTone.samples(input.length(), msPerChar, 24_000);
                yield new Answer(200, "audio/pcm", FakeTone.pcm(0, n, 24_000), n);
            }
            case "wav" -> {
                int n = FakeTone.samples(input.length(), msPerChar, wavRate);
                yield new Answer(200, "audio/wav", wav(FakeTone.pcm(0, n, wavRate), wavRate, wavUnknownSize), n);
            }
            case "mp3" -> new Answer(200, "audio/mpeg", mp3(id3, input.length()), 0);
            default -> Answer.openAi(400, "The fake only produces pcm, wav and mp3, not " + format);
        };
    }

    private static byte[] wav(byte[] pcm, int rate, boolean unknownSize) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(unknownSize ? -1 : 36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(unknownSize ? -1 : pcm.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm);
        return out.toByteArray();
    }

    private static byte[] mp3(boolean id3, int chars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (id3) {
            out.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
        }
        for (int frame = 0; frame < Math.max(4, chars / 4); frame++) {
            byte[] bytes = new byte[417]; // MPEG-1 Layer III, 128 kb/s, 44.1 kHz
            bytes[0] = (byte) 0xFF;
            bytes[1] = (byte) 0xFB;
            bytes[2] = (byte) 0x90;
            bytes[3] = (byte) 0x64;
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
