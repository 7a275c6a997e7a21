package dev.realtime.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

/**
 * One client session of the engine under test (GA dialect, server VAD answering each turn, audio output, input
 * transcription on) and the turns the scenarios run on it. Every event received is kept in order, so a scenario
 * can look at all of them since a mark. Used on the test thread.
 */
final class SimulatorSession implements AutoCloseable {
    /** What the user types in a text turn. */
    static final String USER_TEXT = "Tell me about Paris.";
    private static final String SETUP = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"output_modalities\":[\"audio\"],\"audio\":{\"input\":{\"transcription\":{\"model\":\"whisper-1\","
            + "\"language\":\"en\"}}}}}";
    private static final String USER_ITEM = "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\","
            + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + USER_TEXT + "\"}]}}";
    /** Longest wait for a turn to end, beyond which the turn is a failure (each event also has its own wait). */
    private static final Duration TURN = Duration.ofSeconds(40);
    private static final List<String> SPEECH = SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 500,
                                                                                            1000);

    private final WsTestClient client;
    private final List<JsonNode> events = new ArrayList<>();
    private final String id;

    private SimulatorSession(WsTestClient client) throws InterruptedException {
        this.client = client;
        this.id = await("session.created").path("session").path("id").asText();
        client.send(SETUP);
        await("session.updated");
    }

    /** Opens a session and configures it. */
    static SimulatorSession open(TestEngine engine) throws InterruptedException {
        return new SimulatorSession(WsTestClient.connect(engine.wsUri(), engine.token()));
    }

    /** The session's id, as in {@code session.created}. */
    String id() {
        return id;
    }

    /** A position in the events received so far. */
    int mark() {
        return events.size();
    }

    /** The events received after a mark. */
    List<JsonNode> since(int mark) {
        return List.copyOf(events.subList(mark, events.size()));
    }

    /**
     * A typed user message answered on request: {@code conversation.item.create}, then {@code response.create}.
     *
     * @param audio whether the answer is spoken ({@code output_modalities} audio) or text only
     * @return the events from the message to the first {@code response.done}
     */
    List<JsonNode> textTurn(boolean audio) throws InterruptedException {
        int mark = mark();
        client.send(USER_ITEM);
        await("conversation.item.done");
        client.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\""
                            + (audio ? "audio" : "text") + "\"]}}");
        await("response.done");
        return since(mark);
    }

    /**
     * A spoken turn: half a second of silence, the speech, a second of silence; server VAD ends the turn and the
     * engine answers it by itself.
     *
     * @return the events from the first append to the first {@code response.done}
     */
    List<JsonNode> voiceTurn() throws InterruptedException {
        int mark = mark();
        SPEECH.forEach(client::send);
        await("response.done");
        return since(mark);
    }

    /** Receives events, keeping each, until one of the type arrives; returns it. */
    private JsonNode await(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TURN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = client.next();
            events.add(event);
            if (type.equals(event.path("type").asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " within " + TURN + "; seen: " + Events.types(events));
    }

    @Override
    public void close() {
        client.close();
    }
}
