package dev.realtime.tts.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.realtime.testing.FakeState;
import dev.realtime.tts.FakeTone;

/**
 * An in-process OpenAI-compatible {@code POST /v1/audio/speech} server (providers.md §6.5) on {@code 127.0.0.1}.
 * Validates the JSON like OpenAI ({@code model} known else 404, {@code input} 1–4096 characters, {@code voice}
 * known, {@code response_format}, else 400; {@code speed} outside 0.25–4.0 → 422 in FastAPI's {@code detail}
 * shape) and answers with {@link FakeTone} audio, {@code msPerChar} ms per input character: {@code pcm} headerless
 * 24 kHz s16le, {@code wav} a 44-byte header (sizes real or 0xFFFFFFFF) at a configurable rate, {@code mp3} bytes
 * starting with an ID3 tag or an MP3 frame header. The body is chunked with an odd chunk size and a configurable
 * delay per chunk, and can be held after N chunks until {@link #release()}. A format override mimics servers
 * that ignore {@code response_format}; faults are queued per request. Every request is recorded. Thread-safe;
 * each request is served on its own virtual thread.
 */
public final class FakeSpeechServer implements AutoCloseable {

    /** A recorded request, its status and the samples the fake produced for it (0 for errors and mp3). */
    public record Request(Map<String, String> headers, JsonNode body, int status, int producedSamples) {
    }

    private record Fault(int status, String body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final FakeState state = new FakeState();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private int msPerChar = 10;
    private int chunkBytes = 4_801;
    private Duration chunkDelay = Duration.ZERO;
    private Optional<String> format = Optional.empty();
    private Optional<String> contentType = Optional.empty();
    private int wavRate = 24_000;
    private boolean wavUnknownSize;
    private boolean mp3Id3 = true;
    private int holdAfter = -1;
    private boolean held;

    private FakeSpeechServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/audio/speech", this::serve);
        server.start();
    }

    /** @return a started server */
    public static FakeSpeechServer start() {
        try {
            return new FakeSpeechServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:PORT/v1} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** @param ms audio per input character (default 10) */
    public FakeSpeechServer msPerChar(int ms) {
        update(() -> msPerChar = ms);
        return this;
    }

    /** @param bytes body chunk size (default 4801: odd, so chunks end on half a sample) */
    public FakeSpeechServer chunkBytes(int bytes) {
        update(() -> chunkBytes = bytes);
        return this;
    }

    /** @param delay pause after each body chunk (default none) */
    public FakeSpeechServer chunkDelay(Duration delay) {
        update(() -> chunkDelay = delay);
        return this;
    }

    /** Answers every request as {@code wav} at {@code rate}, like a server ignoring {@code response_format}. */
    public FakeSpeechServer answerWav(int rate, boolean unknownSize) {
        update(() -> {
            format = Optional.of("wav");
            wavRate = rate;
            wavUnknownSize = unknownSize;
        });
        return this;
    }

    /** Answers every request as {@code mp3}, starting with an ID3 tag or a bare frame header. */
    public FakeSpeechServer answerMp3(boolean id3) {
        update(() -> {
            format = Optional.of("mp3");
            mp3Id3 = id3;
        });
        return this;
    }

    /** @param type {@code Content-Type} sent instead of the format's own (a server that mislabels its audio) */
    public FakeSpeechServer contentType(String type) {
        update(() -> contentType = Optional.of(type));
        return this;
    }

    /** The next request is answered with this status and body. */
    public FakeSpeechServer failNext(int status, String body) {
        update(() -> faults.add(new Fault(status, body)));
        return this;
    }

    /** The next body stops after {@code chunks} chunks until {@link #release()}. */
    public FakeSpeechServer holdNextAfter(int chunks) {
        update(() -> holdAfter = chunks);
        return this;
    }

    /** Lets a held body continue. */
    public void release() {
        update(() -> {
            holdAfter = -1;
            held = false;
        });
    }

    /** @return samples a pcm answer to {@code input} holds (24 kHz) */
    public int pcmSamplesFor(String input) {
        return FakeTone.samples(input.length(), read(() -> msPerChar), 24_000);
    }

    /** @return the requests so far, oldest first */
    public List<Request> requests() {
        return read(() -> List.copyOf(requests));
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = MAPPER.readTree(raw);
            } catch (IOException e) {
                body = MAPPER.createObjectNode();
            }
            FakeSpeech.Answer answer = read(() -> faults.isEmpty() ? null
                    : FakeSpeech.Answer.error(faults.peekFirst().status(), faults.pollFirst().body()));
            if (answer == null) {
                answer = FakeSpeech.answer(exchange.getRequestMethod(), body, read(() -> format),
                                           read(() -> msPerChar), read(() -> wavRate), read(() -> wavUnknownSize),
                                           read(() -> mp3Id3));
            }
            Request request = new Request(Map.copyOf(headers), body, answer.status(), answer.samples());
            update(() -> requests.add(request));
            String type = answer.status() == 200 ? read(() -> contentType).orElse(answer.contentType())
                    : answer.contentType();
            exchange.getResponseHeaders().set("Content-Type", type);
            if (answer.status() != 200) {
                byte[] bytes = answer.body();
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            stream(exchange.getResponseBody(), answer.body());
        }
    }

    private void stream(OutputStream out, byte[] bytes) {
        int size = read(() -> chunkBytes);
        long delay = read(() -> chunkDelay).toMillis();
        try {
            int chunks = 0;
            for (int pos = 0; pos < bytes.length; pos += size) {
                awaitHold(chunks);
                out.write(bytes, pos, Math.min(size, bytes.length - pos));
                out.flush();
                chunks++;
                if (delay > 0) {
                    Thread.sleep(delay); // pacing of the fake's synthesis, not test synchronisation
                }
            }
        } catch (IOException e) {
            // the client went away (cancel): stop writing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHold(int chunks) throws InterruptedException {
        update(() -> {
            if (holdAfter >= 0 && chunks == holdAfter) {
                holdAfter = -1;
                held = true;
            }
        });
        state.awaitUntil(Duration.ofSeconds(30), () -> !held);
    }

    /** Waits until a body is held (the chunk before the hold may reach the client first); true when it is. */
    public boolean awaitHolding(Duration timeout) throws InterruptedException {
        return state.awaitUntil(timeout, () -> held);
    }

    /** @return true while a body is held */
    public boolean holding() {
        return read(() -> held);
    }

    private void update(Runnable change) {
        state.update(change);
    }

    private <T> T read(Supplier<T> action) {
        return state.read(action);
    }
}
