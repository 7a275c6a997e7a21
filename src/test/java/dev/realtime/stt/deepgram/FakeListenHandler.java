package dev.realtime.stt.deepgram;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import dev.realtime.testing.DeepgramUpgrade;

/**
 * Serves one connection of {@link FakeDeepgramServer}: validates the upgrade like Deepgram, answers frames and
 * records them in a {@link FakeDeepgramConnection}. Helidon calls the listener methods on the connection's thread;
 * the idle timer and delayed finals run on the server's scheduler. Writes go through one lock (Helidon's
 * {@code WsSession.send} is not thread-safe); the server's lock is never held while taking it.
 */
final class FakeListenHandler implements WsListener {

    private static final Set<String> MODELS = Set.of("nova-3", "nova-3-general", "nova-3-medical", "nova-2",
                                                     "nova-2-general");

    private final FakeDeepgramServer server;
    private final String requestId = UUID.randomUUID().toString();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private FakeDeepgramConnection record;
    private FakeTranscriber transcriber;
    private WsSession session;
    private ScheduledFuture<?> idle;

    FakeListenHandler(FakeDeepgramServer server) {
        this.server = server;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers upgrade) {
        server.nextRejection().ifPresent(r -> reject(r.status(), r.dgError()));
        List<String> protocols = upgrade.first(HeaderNames.create("Sec-WebSocket-Protocol"))
                .map(p -> Arrays.stream(p.split(",")).map(String::strip).toList()).orElse(List.of());
        String auth = upgrade.first(HeaderNames.AUTHORIZATION).orElse("");
        boolean byProtocol = protocols.equals(List.of("token", server.apiKey()));
        if (!byProtocol && !auth.equals("Token " + server.apiKey()) && !auth.equals("Bearer " + server.apiKey())) {
            reject(401, "Invalid credentials.");
        }
        Map<String, String> query = DeepgramUpgrade.query(prologue);
        if (!MODELS.contains(query.getOrDefault("model", ""))) {
            reject(400, query.containsKey("model") ? "No such model/language/tier combination found."
                    : "Missing model.");
        }
        if (query.containsKey("encoding") && !query.containsKey("sample_rate")) {
            reject(400, "sample_rate is required with encoding.");
        }
        Map<String, String> headers = DeepgramUpgrade.headers(upgrade);
        int rate = Integer.parseInt(query.getOrDefault("sample_rate", "16000"));
        record = new FakeDeepgramConnection(server, query, headers, rate);
        transcriber = new FakeTranscriber(rate, "true".equals(query.get("interim_results")), requestId);
        WritableHeaders<?> response = DeepgramUpgrade.accepted(requestId);
        if (byProtocol) {
            response.set(HeaderNames.create("Sec-WebSocket-Protocol"), "token");
        }
        return Optional.of(response);
    }

    @Override
    public void onOpen(WsSession wsSession) {
        session = wsSession;
        server.register(record);
        touch();
    }

    @Override
    public void onMessage(WsSession wsSession, BufferData buffer, boolean last) {
        binary.writeBytes(buffer.readBytes());
        if (last) {
            byte[] frame = binary.toByteArray();
            binary.reset();
            if (!server.read(() -> record.closed)) {
                onBinary(frame);
            }
        }
    }

    @Override
    public void onMessage(WsSession wsSession, String data, boolean last) {
        text.append(data);
        if (last) {
            String frame = text.toString();
            text.setLength(0);
            if (!server.read(() -> record.closed)) {
                onText(frame);
            }
        }
    }

    @Override
    public void onClose(WsSession wsSession, int status, String reason) {
        server.update(() -> closed(status));
    }

    @Override
    public void onError(WsSession wsSession, Throwable t) {
        server.update(() -> closed(1006));
    }

    private void onBinary(byte[] frame) {
        touch();
        if (frame.length == 0) {
            server.update(() -> {
                record.emptyFrames++;
                record.frames.add("empty");
            });
            finish(); // the legacy meaning of an empty frame: close the stream
            return;
        }
        boolean[] drop = new boolean[1];
        List<String> out = server.read(() -> {
            record.audioBytes += frame.length;
            record.frames.add("binary:" + frame.length);
            if (new String(frame, StandardCharsets.ISO_8859_1).contains("KeepAlive")) {
                record.binaryKeepAlives++;
            }
            List<String> results = transcriber.onAudio(frame.length, server.currentScript(), server.msPerWord());
            drop[0] = server.takeDrop(transcriber.seconds(transcriber.utteranceBytes()));
            return results;
        });
        send(out);
        if (drop[0]) {
            closeWith(1011, "NET-0000");
        }
    }

    private void onText(String frame) {
        touch();
        String compact = frame.replaceAll("\\s", "");
        if (compact.contains("\"type\":\"KeepAlive\"")) {
            server.update(() -> {
                record.keepAlives++;
                record.frames.add("KeepAlive");
            });
        } else if (compact.contains("\"type\":\"Finalize\"")) {
            List<String> out = server.read(() -> {
                record.finalizes++;
                record.frames.add("Finalize");
                return settle(true);
            });
            server.afterFinalizeDelay(() -> send(out));
        } else if (compact.contains("\"type\":\"CloseStream\"")) {
            server.update(() -> {
                record.closeStreams++;
                record.frames.add("CloseStream");
            });
            finish();
        } else {
            server.update(() -> record.frames.add("text:" + frame));
        }
    }

    /** Under the server lock. */
    private List<String> settle(boolean fromFinalize) {
        long bytes = transcriber.utteranceBytes();
        String script = server.currentScript();
        List<String> out = transcriber.settle(script, fromFinalize);
        if (!out.isEmpty()) {
            record.utterances.add(new FakeDeepgramServer.Utterance(bytes, FakeDeepgramServer.fullText(script)));
            server.consumeScript();
        }
        return out;
    }

    /** {@code CloseStream}: remaining results, {@code Metadata}, close 1000. */
    private void finish() {
        List<String> out = new ArrayList<>(server.read(() -> settle(false)));
        out.add(server.read(transcriber::metadata));
        send(out);
        closeWith(1000, "");
    }

    private void send(List<String> messages) {
        sendLock.lock();
        try {
            for (String message : messages) {
                if (server.read(() -> record.closed || record.muted)) {
                    return;
                }
                session.send(message, true);
                server.update(() -> record.sent.add(message));
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void closeWith(int code, String reason) {
        sendLock.lock();
        try {
            boolean first = server.read(() -> {
                boolean was = record.closed;
                closed(code);
                return !was;
            });
            if (first) {
                session.close(code, reason);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Under the server lock. */
    private void closed(int code) {
        record.closed = true;
        record.closeCode = record.closeCode < 0 ? code : record.closeCode;
        if (idle != null) {
            idle.cancel(false);
        }
    }

    /** Any frame resets the idle timer (Deepgram: ~10 s without a frame → 1011 NET-0001). */
    private void touch() {
        server.update(() -> {
            if (idle != null) {
                idle.cancel(false);
            }
            if (!record.closed) {
                idle = server.schedule(() -> closeWith(1011, "NET-0001"), server.idleTimeout().toMillis());
            }
        });
    }

    private void reject(int status, String dgError) {
        server.rejected(status);
        throw DeepgramUpgrade.refusal(status, dgError);
    }
}
