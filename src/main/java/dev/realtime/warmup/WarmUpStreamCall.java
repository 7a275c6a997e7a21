package dev.realtime.warmup;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One warm-up phone call over a Twilio Media Stream, with the messages Twilio sends: {@code connected},
 * {@code start} (μ-law at 8 kHz), the caller's audio as 20 ms {@code media}, and {@code stop}. Two spoken
 * questions with the noise floor in between, each time listening until the engine's answer has come and stopped;
 * each {@code mark} of the engine is echoed as soon as it arrives (a phone that plays instantly). Runs on the call's
 * own thread; every wait ends by {@code deadline}.
 */
final class WarmUpStreamCall implements PhoneScript.Line {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(20);

    private final WarmUpSocket socket;
    private final WarmUpAudio audio;
    private final WarmUpTally tally;
    private final long deadline;
    private final String streamSid = "MZwarmup" + System.nanoTime();
    private long nextTick;
    private int sequence;
    private int chunk;

    WarmUpStreamCall(WarmUpSocket socket, WarmUpAudio audio, WarmUpTally tally, long deadlineNanos) {
        this.socket = socket;
        this.audio = audio;
        this.tally = tally;
        this.deadline = deadlineNanos;
    }

    /**
     * Plays the call: starts the stream, asks twice, stops it and waits for the engine to close the socket.
     *
     * @throws IOException          never from the stream's own sends (the script's line may throw it)
     * @throws WarmUpException      when the engine does not close the stream after {@code stop}
     * @throws InterruptedException when the warm-up is stopped
     */
    void play() throws IOException, InterruptedException {
        socket.send(MAPPER.createObjectNode().put("event", "connected").put("protocol", "Call")
                            .put("version", "1.0.0"));
        ObjectNode start = envelope("start");
        ObjectNode body = start.putObject("start").put("accountSid", "ACwarmup").put("streamSid", streamSid)
                .put("callSid", "CA" + streamSid.substring(2));
        body.putArray("tracks").add("inbound");
        body.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        body.putObject("customParameters");
        socket.send(start);
        nextTick = System.nanoTime();
        if (new PhoneScript(audio, tally, deadline).play(this) < PhoneScript.TURNS) {
            return;
        }
        socket.send(envelope("stop").set("stop", MAPPER.createObjectNode().put("accountSid", "ACwarmup")));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < giveUp) {
            Optional<JsonNode> event = socket.next(TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime()));
            if (event.isPresent() && WarmUpSocket.isClosed(event.get())) {
                tally.callHungUp();
                return;
            }
        }
        throw new WarmUpException("the engine did not close the stream after stop");
    }

    /** Reads the engine's messages until the next 20 ms tick, echoing marks; @return whether media came. */
    @Override
    public boolean listenUntilTick() throws InterruptedException {
        nextTick += TICK;
        boolean heard = false;
        while (true) {
            Optional<JsonNode> event = socket.next(TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
            if (event.isEmpty()) {
                return heard;
            }
            switch (event.get().path("event").asText(event.get().path("type").asText())) {
                case "media" -> heard = true;
                case "mark" -> socket.send(envelope("mark").set("mark", event.get().path("mark")));
                case "clear" -> {
                }
                default -> tally.error("Twilio stream: " + event.get());
            }
        }
    }

    @Override
    public void say(byte[] frame, boolean first) {
        ObjectNode media = envelope("media");
        media.putObject("media").put("track", "inbound").put("chunk", String.valueOf(++chunk))
                .put("timestamp", String.valueOf(chunk * 20L))
                .put("payload", Base64.getEncoder().encodeToString(frame));
        socket.send(media);
    }

    private ObjectNode envelope(String event) {
        return MAPPER.createObjectNode().put("event", event).put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
    }
}
