package dev.realtime.stt.deepgram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The scripted "recognizer" of one fake Deepgram connection. The current utterance's text is the head of the
 * server's script (segments separated by {@code |}); words are revealed as audio arrives, one per
 * {@code msPerWord} of audio, as interim {@code Results}; a segment becomes {@code is_final} once a word of the next
 * segment is revealed; {@code Finalize} settles the rest with the full text and consumes the script entry.
 * Timestamps are seconds of audio received on this connection. Called under the server's lock.
 */
final class FakeTranscriber {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int sampleRate;
    private final boolean interim;
    private final String requestId;
    private long cursorBytes;
    private long segmentStartBytes;
    private long utteranceBytes;
    private int revealed;
    private int settledSegments;

    FakeTranscriber(int sampleRate, boolean interim, String requestId) {
        this.sampleRate = sampleRate;
        this.interim = interim;
        this.requestId = requestId;
    }

    long utteranceBytes() {
        return utteranceBytes;
    }

    double seconds(long bytes) {
        return bytes / 2.0 / sampleRate;
    }

    /** Audio arrived; returns the results to send. */
    List<String> onAudio(int bytes, String script, int msPerWord) {
        cursorBytes += bytes;
        utteranceBytes += bytes;
        List<List<String>> segments = segments(script);
        int total = segments.stream().mapToInt(List::size).sum();
        int words = (int) Math.min(total, (long) (seconds(utteranceBytes) * 1000) / msPerWord);
        List<String> out = new ArrayList<>();
        if (words <= revealed) {
            return out;
        }
        revealed = words;
        while (settledSegments < segments.size() - 1 && revealed > wordsBefore(segments, settledSegments + 1)) {
            out.add(results(segments.get(settledSegments), true, false));
            segmentStartBytes = cursorBytes;
            settledSegments++;
        }
        int inSegment = revealed - wordsBefore(segments, settledSegments);
        if (interim && inSegment > 0) {
            out.add(results(segments.get(settledSegments).subList(0, inSegment), false, false));
        }
        return out;
    }

    /** {@code Finalize} or {@code CloseStream}: settles the buffered audio; empty when none is buffered. */
    List<String> settle(String script, boolean fromFinalize) {
        if (utteranceBytes == 0) {
            return List.of();
        }
        List<List<String>> segments = segments(script);
        List<String> rest = new ArrayList<>();
        segments.subList(Math.min(settledSegments, segments.size()), segments.size()).forEach(rest::addAll);
        String message = results(rest, true, fromFinalize);
        utteranceBytes = 0;
        revealed = 0;
        settledSegments = 0;
        segmentStartBytes = cursorBytes;
        return List.of(message);
    }

    String metadata() {
        ObjectNode node = MAPPER.createObjectNode().put("type", "Metadata").put("transaction_key", "deprecated")
                .put("request_id", requestId).put("sha256", "0".repeat(64)).put("created", "2026-01-01T00:00:00Z")
                .put("duration", seconds(cursorBytes)).put("channels", 1);
        return node.toString();
    }

    private String results(List<String> words, boolean isFinal, boolean fromFinalize) {
        double start = seconds(segmentStartBytes);
        double end = seconds(cursorBytes);
        ObjectNode root = MAPPER.createObjectNode().put("type", "Results");
        root.putArray("channel_index").add(0).add(1);
        root.put("duration", end - start).put("start", start).put("is_final", isFinal)
                .put("speech_final", isFinal && fromFinalize).put("from_finalize", fromFinalize);
        ObjectNode alternative = root.putObject("channel").putArray("alternatives").addObject()
                .put("transcript", String.join(" ", words)).put("confidence", 0.98);
        ArrayNode wordArray = alternative.putArray("words");
        double step = words.isEmpty() ? 0 : (end - start) / words.size();
        for (int i = 0; i < words.size(); i++) {
            wordArray.addObject().put("word", words.get(i).replaceAll("\\p{Punct}", "").toLowerCase())
                    .put("start", start + i * step).put("end", start + (i + 1) * step).put("confidence", 0.98)
                    .put("punctuated_word", words.get(i));
        }
        ObjectNode metadata = root.putObject("metadata").put("request_id", requestId);
        metadata.putObject("model_info").put("name", "fake-nova").put("version", "0").put("arch", "fake");
        metadata.put("model_uuid", "00000000-0000-0000-0000-000000000000");
        return root.toString();
    }

    private static List<List<String>> segments(String script) {
        if (script.isBlank()) {
            return List.of(List.of());
        }
        return Arrays.stream(script.split("\\|"))
                .map(s -> Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList())
                .toList();
    }

    private static int wordsBefore(List<List<String>> segments, int index) {
        return segments.subList(0, index).stream().mapToInt(List::size).sum();
    }
}
