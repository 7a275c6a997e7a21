package dev.realtime.tts.deepgram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.testing.DeepgramUpgrade;
import dev.realtime.tts.FakeTone;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * Serves one connection of {@link FakeDeepgramSpeakServer}. Helidon calls the listener on the connection's thread;
 * flushes and clears are answered in order by the connection's own virtual worker thread, which paces the audio.
 * Every write goes through one lock (Helidon's {@code WsSession.send} is not thread-safe); the server's lock is
 * never held while taking it.
 */
final class FakeSpeakHandler implements WsListener {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> RATES = Set.of("8000", "16000", "24000", "32000", "48000");

    /** Work for the worker, in arrival order. */
    private sealed interface Job {
        record Synth(String text, int sequence) implements Job { }
        record Clear(int sequence) implements Job { }
        record Stop() implements Job { }
    }

    private final FakeDeepgramSpeakServer server;
    private final String requestId = UUID.randomUUID().toString();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder buffer = new StringBuilder();
    private final Deque<Long> flushTimes = new ArrayDeque<>();
    private FakeSpeakConnection record;
    private WsSession session;
    private String model;
    private int rate;
    private int flushSequence;
    private int clearSequence;
    private int pendingClears;

    FakeSpeakHandler(FakeDeepgramSpeakServer server) {
        this.server = server;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers upgrade) {
        if (!upgrade.first(HeaderNames.AUTHORIZATION).orElse("").equals("Token " + server.apiKey())) {
            reject(401, "Invalid credentials.");
        }
        Map<String, String> query = DeepgramUpgrade.query(prologue);
        model = query.getOrDefault("model", "aura-asteria-en");
        if (!model.startsWith("aura-")) {
            reject(400, "No such model: " + model);
        }
        if (!query.getOrDefault("encoding", "linear16").equals("linear16")
                || !RATES.contains(query.getOrDefault("sample_rate", "24000"))
                || !query.getOrDefault("container", "none").equals("none")) {
            reject(400, "Unsupported audio format for streaming.");
        }
        rate = Integer.parseInt(query.getOrDefault("sample_rate", "24000"));
        Map<String, String> headers = DeepgramUpgrade.headers(upgrade);
        record = new FakeSpeakConnection(server, query, headers, rate);
        WritableHeaders<?> response = DeepgramUpgrade.accepted(requestId);
        return Optional.of(response);
    }

    @Override
    public void onOpen(WsSession wsSession) {
        session = wsSession;
        server.register(record, this);
        sendText(MAPPER.createObjectNode().put("type", "Metadata").put("request_id", requestId)
                         .put("model_name", model).put("model_version", "2025-01-01")
                         .put("model_uuid", UUID.randomUUID().toString()).toString());
        Thread.ofVirtual().name("fake-deepgram-speak").start(this::work);
    }

    @Override
    public void onMessage(WsSession wsSession, String data, boolean last) {
        text.append(data);
        if (last) {
            String frame = text.toString();
            text.setLength(0);
            onText(frame);
        }
    }

    @Override
    public void onClose(WsSession wsSession, int status, String reason) {
        closed(status);
    }

    @Override
    public void onError(WsSession wsSession, Throwable t) {
        closed(1006);
    }

    private void onText(String frame) {
        JsonNode root;
        try {
            root = MAPPER.readTree(frame);
        } catch (Exception e) {
            closeWith(1008, "DATA-0000: invalid JSON");
            return;
        }
        String type = root.path("type").asText("");
        server.update(() -> record.received.add(type));
        switch (type) {
            case "Speak" -> {
                String piece = root.path("text").asText("");
                server.update(() -> record.texts.add(piece));
                if (piece.length() > 2_000) {
                    closeWith(1008, "DATA-0000: text exceeds 2000 characters");
                } else {
                    buffer.append(piece);
                }
            }
            case "Flush" -> flush();
            case "Clear" -> {
                buffer.setLength(0);
                int sequence = clearSequence++;
                server.update(() -> {
                    record.clears++;
                    pendingClears++;
                });
                jobs.add(new Job.Clear(sequence));
            }
            case "Close" -> closeWith(1000, "");
            default -> sendText(MAPPER.createObjectNode().put("type", "Warning").put("warn_code", "UNKNOWN_MESSAGE")
                                        .put("warn_msg", "Unknown message type " + type).toString());
        }
    }

    private void flush() {
        server.update(() -> record.flushes++);
        long now = System.nanoTime();
        long window = server.flushWindow().toNanos();
        while (!flushTimes.isEmpty() && now - flushTimes.peekFirst() > window) {
            flushTimes.pollFirst();
        }
        if (flushTimes.size() >= server.maxFlushes()) {
            server.update(() -> record.warnings++);
            sendText(MAPPER.createObjectNode().put("type", "Warning").put("warn_code", "EXCESSIVE_FLUSH")
                             .put("warn_msg", "Rate limit exceeded for flushes. Please try again later.").toString());
            return;
        }
        flushTimes.addLast(now);
        jobs.add(new Job.Synth(buffer.toString(), flushSequence++));
        buffer.setLength(0);
    }

    /** The worker: answers flushes and clears in order. */
    private void work() {
        try {
            while (true) {
                switch (jobs.take()) {
                    case Job.Synth synth -> synthesize(synth);
                    case Job.Clear clear -> {
                        server.update(() -> pendingClears--);
                        sendText("{\"type\":\"Cleared\",\"sequence_id\":" + clear.sequence() + "}");
                    }
                    case Job.Stop stop -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void synthesize(Job.Synth synth) throws InterruptedException {
        int total = FakeTone.samples(synth.text().length(), server.msPerChar(), rate);
        int frame = rate / 10;
        int frames = 0;
        int done = 0;
        while (done < total) {
            int count = Math.min(frame, total - done);
            if (stopped()) {
                if (frames > 0) {
                    sendFrame(FakeTone.pcm(done, count, rate)); // one frame slips out after a Clear
                }
                return;
            }
            if (server.holdAt(frames)) {
                server.awaitRelease(() -> pendingClears > 0 || record.closed);
                continue;
            }
            sendFrame(FakeTone.pcm(done, count, rate));
            frames++;
            done += count;
            long delay = server.frameDelay().toMillis();
            if (delay > 0) {
                Thread.sleep(delay); // pacing of the fake's synthesis, not test synchronisation
            }
        }
        if (!stopped()) {
            server.update(() -> record.produced.add(total));
            sendText("{\"type\":\"Flushed\",\"sequence_id\":" + synth.sequence() + "}");
        }
    }

    private boolean stopped() {
        return server.read(() -> pendingClears > 0 || record.closed);
    }

    private void sendFrame(byte[] pcm) {
        sendLock.lock();
        try {
            if (!server.read(() -> record.closed)) {
                session.send(BufferData.create(pcm), true);
                server.update(() -> record.framesSent++);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void sendText(String message) {
        sendLock.lock();
        try {
            if (!server.read(() -> record.closed)) {
                session.send(message, true);
                server.update(() -> record.sent.add(message));
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Closes the connection from the server side (a fault). Any thread. */
    void drop(int code, String reason) {
        closeWith(code, reason);
    }

    private void closeWith(int code, String reason) {
        sendLock.lock();
        try {
            boolean first = server.read(() -> !record.closed);
            closed(code);
            if (first) {
                session.close(code, reason);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void closed(int code) {
        server.update(() -> {
            record.closed = true;
            record.closeCode = record.closeCode < 0 ? code : record.closeCode;
        });
        jobs.add(new Job.Stop());
    }

    private void reject(int status, String dgError) {
        server.rejected(status);
        throw DeepgramUpgrade.refusal(status, dgError);
    }
}
