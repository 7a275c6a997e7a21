package dev.realtime.tts.deepgram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link FakeDeepgramSpeakServer} recorded about one accepted connection. The fake writes it under the
 * server's lock; tests read it from any thread.
 */
public final class FakeSpeakConnection {

    private final FakeDeepgramSpeakServer server;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final int sampleRate;
    final List<String> texts = new ArrayList<>();
    final List<String> received = new ArrayList<>();
    final List<String> sent = new ArrayList<>();
    final List<Integer> produced = new ArrayList<>();
    int flushes;
    int clears;
    int warnings;
    int framesSent;
    boolean closed;
    int closeCode = -1;

    FakeSpeakConnection(FakeDeepgramSpeakServer server, Map<String, String> query, Map<String, String> headers,
                        int sampleRate) {
        this.server = server;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.sampleRate = sampleRate;
    }

    /** @return query parameters of the upgrade (first values) */
    public Map<String, String> query() {
        return query;
    }

    /** @return the upgrade request's header, any case */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase()));
    }

    /** @return the sample rate the client asked for */
    public int sampleRate() {
        return sampleRate;
    }

    /** @return texts of the {@code Speak} messages, in order */
    public List<String> texts() {
        return server.read(() -> List.copyOf(texts));
    }

    /** @return message types received, in order: {@code Speak}, {@code Flush}, {@code Clear}, {@code Close} */
    public List<String> received() {
        return server.read(() -> List.copyOf(received));
    }

    /** @return JSON text messages sent to the client, in order */
    public List<String> sent() {
        return server.read(() -> List.copyOf(sent));
    }

    /** @return for each flush that completed (ended with {@code Flushed}), the samples it produced */
    public List<Integer> produced() {
        return server.read(() -> List.copyOf(produced));
    }

    public int flushes() {
        return server.read(() -> flushes);
    }

    public int clears() {
        return server.read(() -> clears);
    }

    /** @return {@code Warning} messages sent (flushes ignored) */
    public int warnings() {
        return server.read(() -> warnings);
    }

    /** @return binary audio frames sent */
    public int framesSent() {
        return server.read(() -> framesSent);
    }

    public boolean closed() {
        return server.read(() -> closed);
    }

    /** @return the close code (sent by the fake, or received from the client), once closed */
    public OptionalInt closeCode() {
        return server.read(() -> closeCode < 0 ? OptionalInt.empty() : OptionalInt.of(closeCode));
    }
}
