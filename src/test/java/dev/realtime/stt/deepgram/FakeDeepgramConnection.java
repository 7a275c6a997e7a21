package dev.realtime.stt.deepgram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link FakeDeepgramServer} recorded about one accepted connection. The fake's handler writes it under the
 * server's lock; tests read it from any thread.
 */
public final class FakeDeepgramConnection {

    private final FakeDeepgramServer server;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final int sampleRate;
    final List<String> frames = new ArrayList<>();
    final List<String> sent = new ArrayList<>();
    final List<FakeDeepgramServer.Utterance> utterances = new ArrayList<>();
    boolean closed;
    boolean muted;
    int closeCode = -1;
    long audioBytes;
    int keepAlives;
    int binaryKeepAlives;
    int finalizes;
    int closeStreams;
    int emptyFrames;

    FakeDeepgramConnection(FakeDeepgramServer server, Map<String, String> query, Map<String, String> headers,
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

    /**
     * @param name header name, any case
     * @return the header of the upgrade request
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase()));
    }

    /** @return frames in arrival order: {@code binary:N}, {@code empty}, {@code KeepAlive}, {@code Finalize}, ... */
    public List<String> frames() {
        return server.read(() -> List.copyOf(frames));
    }

    /** @return the messages sent to the client, in order */
    public List<String> sent() {
        return server.read(() -> List.copyOf(sent));
    }

    /** @return how many results answering a {@code Finalize} were sent */
    public long finalizeResultsSent() {
        return sent().stream().filter(m -> m.contains("\"from_finalize\":true")).count();
    }

    public long audioBytes() {
        return server.read(() -> audioBytes);
    }

    /** @return seconds of audio received, at the declared sample rate */
    public double audioSeconds() {
        return audioBytes() / 2.0 / sampleRate;
    }

    public int keepAlives() {
        return server.read(() -> keepAlives);
    }

    /** @return binary frames that carried a KeepAlive message (a client bug: Deepgram treats them as audio) */
    public int binaryKeepAlives() {
        return server.read(() -> binaryKeepAlives);
    }

    public int finalizes() {
        return server.read(() -> finalizes);
    }

    public int closeStreams() {
        return server.read(() -> closeStreams);
    }

    /** @return zero-length binary frames received (a client bug: legacy "close stream") */
    public int emptyFrames() {
        return server.read(() -> emptyFrames);
    }

    /** @return utterances this connection settled, in order */
    public List<FakeDeepgramServer.Utterance> utterances() {
        return server.read(() -> List.copyOf(utterances));
    }

    public boolean closed() {
        return server.read(() -> closed);
    }

    /** @return the close code (sent by the fake, or received from the client), once closed */
    public OptionalInt closeCode() {
        return server.read(() -> closeCode < 0 ? OptionalInt.empty() : OptionalInt.of(closeCode));
    }
}
