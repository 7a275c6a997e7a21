package dev.realtime.warmup;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One warm-up session's script, as a client with a live microphone plays it: a voice turn (speech in 20 ms
 * appends, then the noise floor until the answer is done), a voice turn interrupted by more speech as soon as
 * its audio starts (a barge-in: the engine cancels it and answers the new turn), and a text turn whose answer is a
 * call of the session's function tool, answered with its output. GA or beta dialect. Runs on the session's own
 * thread; every wait ends by {@code deadline}.
 */
final class WarmUpSession {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TICK_MS = 20;
    private static final long TURN_TIMEOUT_MS = 10_000;

    private final WarmUpSocket socket;
    private final WarmUpAudio audio;
    private final WarmUpTally tally;
    private final long deadline;
    /** Events read while streaming speech, for the waits that follow. */
    private final Deque<JsonNode> backlog = new ArrayDeque<>();
    private long nextTick;
    private int noiseChunk;

    WarmUpSession(WarmUpSocket socket, WarmUpAudio audio, WarmUpTally tally, long deadlineNanos) {
        this.socket = socket;
        this.audio = audio;
        this.tally = tally;
        this.deadline = deadlineNanos;
    }

    /**
     * Plays the script.
     *
     * @param beta the beta dialect's {@code session.update} instead of the GA one
     * @throws InterruptedException when the warm-up is stopped
     */
    void play(boolean beta) throws InterruptedException {
        socket.send(sessionUpdate(beta));
        nextTick = System.nanoTime();
        if (!voiceTurn(false) || !voiceTurn(true)) {
            return;
        }
        textTurnWithToolCall();
    }

    /** @return whether the turn completed */
    private boolean voiceTurn(boolean bargeIn) throws InterruptedException {
        stream(audio.speech());
        if (bargeIn) {
            if (awaitNoisily(e -> e.path("type").asText().endsWith("audio.delta")).isEmpty()) {
                return false;
            }
            stream(audio.speech());
            Optional<JsonNode> interrupted = awaitNoisily(WarmUpSession::isDone);
            if (interrupted.isEmpty()) {
                return false;
            }
            if ("cancelled".equals(status(interrupted.get()))) {
                tally.bargeIn();
            } else {
                tally.turn(status(interrupted.get()));
            }
        }
        Optional<JsonNode> done = awaitNoisily(WarmUpSession::isDone);
        done.ifPresent(d -> tally.turn(status(d)));
        return done.isPresent() && "completed".equals(status(done.get()));
    }

    private void textTurnWithToolCall() throws InterruptedException {
        socket.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                            + "\"content\":[{\"type\":\"input_text\",\"text\":\"What time is it in Paris?\"}]}}");
        socket.send("{\"type\":\"response.create\"}");
        Optional<JsonNode> call = awaitNoisily(WarmUpSession::isDone);
        Optional<String> callId = call.stream()
                .flatMap(d -> StreamSupport.stream(d.path("response").path("output").spliterator(), false))
                .filter(i -> "function_call".equals(i.path("type").asText()))
                .map(i -> i.path("call_id").asText()).findFirst();
        if (callId.isEmpty()) {
            call.ifPresent(d -> tally.turn("no function_call (" + status(d) + ")"));
            return;
        }
        tally.toolCall();
        ObjectNode output = MAPPER.createObjectNode().put("type", "conversation.item.create");
        output.putObject("item").put("type", "function_call_output").put("call_id", callId.get())
                .put("output", "{\"time\":\"10:15\"}");
        socket.send(output);
        socket.send("{\"type\":\"response.create\"}");
        awaitNoisily(WarmUpSession::isDone).ifPresent(d -> tally.turn(status(d)));
    }

    /** Sends the messages one per 20 ms tick, keeping the events read in between. */
    private void stream(List<String> messages) throws InterruptedException {
        for (String message : messages) {
            drainUntilTick(e -> {
                backlog.add(e);
                return false;
            });
            socket.send(message);
        }
    }

    /** Sends the noise floor one chunk per tick until an event matches, the turn times out or the run ends. */
    private Optional<JsonNode> awaitNoisily(EventFilter filter) throws InterruptedException {
        while (!backlog.isEmpty()) {
            JsonNode event = backlog.poll();
            if (filter.matches(event)) {
                return Optional.of(event);
            }
        }
        long giveUp = Math.min(deadline, System.nanoTime() + TURN_TIMEOUT_MS * 1_000_000);
        while (System.nanoTime() < giveUp) {
            Optional<JsonNode> match = drainUntilTick(filter);
            if (match.isPresent()) {
                return match;
            }
            socket.send(audio.noise(noiseChunk++));
        }
        if (System.nanoTime() < deadline) {
            tally.timeout();
        }
        return Optional.empty();
    }

    /** Reads events until the next 20 ms tick; returns the first that matches. */
    private Optional<JsonNode> drainUntilTick(EventFilter filter) throws InterruptedException {
        nextTick += TICK_MS * 1_000_000;
        while (true) {
            long left = (nextTick - System.nanoTime()) / 1_000_000;
            Optional<JsonNode> event = socket.next(left);
            if (event.isEmpty()) {
                return Optional.empty();
            }
            switch (event.get().path("type").asText()) {
                case "error" -> tally.error(event.get().path("error").path("message").asText());
                case "conversation.item.input_audio_transcription.completed" -> tally.transcript();
                case "conversation.item.input_audio_transcription.failed" ->
                        tally.error("transcription failed: " + event.get().path("error").path("message").asText());
                default -> {
                }
            }
            if (filter.matches(event.get())) {
                return event;
            }
        }
    }

    private static boolean isDone(JsonNode event) {
        return "response.done".equals(event.path("type").asText());
    }

    private static String status(JsonNode done) {
        return done.path("response").path("status").asText();
    }

    private static String sessionUpdate(boolean beta) {
        ObjectNode update = MAPPER.createObjectNode().put("type", "session.update");
        ObjectNode session = update.putObject("session");
        ObjectNode vad = MAPPER.createObjectNode().put("type", "server_vad").put("silence_duration_ms", 500)
                .put("create_response", true).put("interrupt_response", true);
        ObjectNode transcription = MAPPER.createObjectNode().put("model", "whisper-1");
        if (beta) {
            session.putArray("modalities").add("text").add("audio");
            session.put("input_audio_format", "pcm16").put("output_audio_format", "pcm16");
            session.set("turn_detection", vad);
            session.set("input_audio_transcription", transcription);
        } else {
            session.put("type", "realtime");
            session.putArray("output_modalities").add("audio");
            ObjectNode input = session.putObject("audio").putObject("input");
            input.putObject("format").put("type", "audio/pcm").put("rate", 24_000);
            input.set("turn_detection", vad);
            input.set("transcription", transcription);
        }
        session.put("instructions", "You are the warm-up voice of a realtime engine.");
        ArrayNode tools = session.putArray("tools");
        ObjectNode tool = tools.addObject().put("type", "function").put("name", ProviderResponder.TOOL)
                .put("description", "Looks up the time in a city.");
        ObjectNode parameters = tool.putObject("parameters").put("type", "object");
        parameters.putObject("properties").putObject("city").put("type", "string");
        session.put("tool_choice", "auto");
        return update.toString();
    }

    @FunctionalInterface
    private interface EventFilter {
        boolean matches(JsonNode event);
    }
}
