package dev.realtime.harness;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What a turn's events and the simulator's call records say about what went through the providers. */
final class Simulated {
    private Simulated() {
    }

    /** The transcript of the spoken answer: its {@code response.output_audio_transcript.delta}s joined. */
    static String spokenTranscript(List<JsonNode> events) {
        return Events.ofType(events, "response.output_audio_transcript.delta").stream()
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
    }

    /** How many of the calls are of the simulator's kind ({@code chat}, {@code transcription}, {@code speech}...). */
    static long count(List<JsonNode> calls, String kind) {
        return calls.stream().filter(c -> kind.equals(c.path("kind").asText())).count();
    }

    /** The text of the last user message the model was sent in the last of the chat calls. */
    static String lastUserMessage(List<JsonNode> calls) {
        JsonNode chat = calls.stream().filter(c -> "chat".equals(c.path("kind").asText())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no chat call in " + calls));
        String text = "";
        for (JsonNode message : chat.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                text = textOf(message.path("content"));
            }
        }
        return text;
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
    }
}
