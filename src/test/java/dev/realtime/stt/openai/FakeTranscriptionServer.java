package dev.realtime.stt.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.realtime.testing.FakeState;

/**
 * An in-process OpenAI-compatible {@code POST /v1/audio/transcriptions} server (providers.md §6.4) on
 * {@code 127.0.0.1}: parses the multipart body strictly, requires {@code file} and {@code model}, checks the file
 * part's name and type and its WAV header (16 kHz, mono, 16-bit, sizes consistent), rejects audio under 0.1 s like
 * OpenAI, and answers per {@code response_format} ({@code json}, {@code text}, {@code verbose_json}). Faults are
 * queued per request: any status with a body, or a slow answer. Every request is recorded. Thread-safe; each
 * request is served on its own virtual thread.
 */
public final class FakeTranscriptionServer implements AutoCloseable {

    /** OpenAI's answer to audio under 0.1 s. */
    public static final String TOO_SHORT = "{\"error\":{\"message\":\"Audio file is too short. Minimum audio length is "
            + "0.1 seconds.\",\"type\":\"invalid_request_error\",\"param\":\"file\",\"code\":\"audio_too_short\"}}";

    /** A recorded request and the status it got. */
    public record Request(Map<String, String> headers, Map<String, String> fields, Optional<String> fileName,
                          Optional<String> fileContentType, FakeWav wav, int status) {
    }

    private record Fault(int status, String body, Duration delay) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Optional<String> apiKey;
    private final FakeState state = new FakeState();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Deque<String> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Function<FakeWav, String> transcriber = wav -> "";

    private FakeTranscriptionServer(Optional<String> apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/audio/transcriptions", this::serve);
        server.start();
    }

    /** @return a started server that takes any (or no) key */
    public static FakeTranscriptionServer start() {
        return start(Optional.empty());
    }

    /** @return a started server that answers 401 unless {@code Authorization: Bearer <key>} is sent */
    public static FakeTranscriptionServer start(Optional<String> key) {
        try {
            return new FakeTranscriptionServer(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:PORT/v1} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Texts answered in order, before the transcriber function is asked. */
    public FakeTranscriptionServer script(String... texts) {
        update(() -> script.addAll(List.of(texts)));
        return this;
    }

    /** @param function text for an upload once the script is used up (default: empty) */
    public FakeTranscriptionServer transcribeWith(Function<FakeWav, String> function) {
        update(() -> transcriber = function);
        return this;
    }

    /** The next request is answered with this status and body (JSON unless it does not start with '{'). */
    public FakeTranscriptionServer failNext(int status, String body) {
        update(() -> faults.add(new Fault(status, body, Duration.ZERO)));
        return this;
    }

    /** The next request is answered normally, but only after {@code delay}. */
    public FakeTranscriptionServer delayNext(Duration delay) {
        update(() -> faults.add(new Fault(0, "", delay)));
        return this;
    }

    /** @return the requests so far, oldest first */
    public List<Request> requests() {
        return locked(() -> List.copyOf(requests));
    }

    /** Waits for {@code count} requests; throws AssertionError on timeout. */
    public List<Request> awaitRequests(int count, Duration timeout) {
        state.await(count + " requests", timeout, () -> requests.size() >= count);
        return requests();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> fields = new HashMap<>();
            Optional<FakeMultipart.Part> file = Optional.empty();
            Answer answer;
            try {
                for (FakeMultipart.Part part : FakeMultipart.parse(headers.getOrDefault("content-type", ""), body)) {
                    if (part.fileName().isPresent()) {
                        file = Optional.of(part);
                    } else {
                        fields.put(part.name(), part.text());
                    }
                }
                answer = answer(exchange.getRequestMethod(), headers, fields, file);
            } catch (IllegalArgumentException e) {
                answer = Answer.error(400, e.getMessage());
            }
            FakeWav wav = file.map(f -> FakeWav.parse(f.content())).orElse(FakeWav.parse(new byte[0]));
            Request request = new Request(Map.copyOf(headers), Map.copyOf(fields),
                                          file.flatMap(FakeMultipart.Part::fileName),
                                          file.flatMap(FakeMultipart.Part::contentType), wav, answer.status());
            update(() -> requests.add(request));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Answer answer(String method, Map<String, String> headers, Map<String, String> fields,
                          Optional<FakeMultipart.Part> file) {
        if (!method.equals("POST")) {
            return Answer.error(405, "Method not allowed");
        }
        if (apiKey.isPresent() && !headers.getOrDefault("authorization", "").equals("Bearer " + apiKey.get())) {
            return Answer.error(401, "Incorrect API key provided");
        }
        Fault fault = locked(faults::pollFirst);
        if (fault != null && fault.status() != 0) {
            return new Answer(fault.status(), fault.body(),
                              fault.body().startsWith("{") ? "application/json" : "text/plain");
        }
        if (fault != null) {
            pause(fault.delay());
        }
        if (file.isEmpty() || !file.get().name().equals("file")) {
            return Answer.error(400, "you must provide a file part named 'file'");
        }
        if (!fields.containsKey("model") || fields.get("model").isBlank()) {
            return Answer.error(400, "you must provide a model parameter");
        }
        String name = file.get().fileName().orElse("");
        String type = file.get().contentType().orElse("");
        if (!name.endsWith(".wav") || !List.of("audio/wav", "audio/x-wav", "audio/wave").contains(type)) {
            return Answer.error(400, "Invalid file format: " + name + " (" + type + ")");
        }
        FakeWav wav = FakeWav.parse(file.get().content());
        if (!wav.problems().isEmpty()) {
            return Answer.error(400, "Invalid file format: " + wav.problems());
        }
        if (wav.seconds() < 0.1) {
            return new Answer(400, TOO_SHORT, "application/json");
        }
        String text = locked(() -> script.isEmpty() ? transcriber.apply(wav) : script.pollFirst());
        return respond(fields.getOrDefault("response_format", "json"), text, fields, wav);
    }

    private static Answer respond(String format, String text, Map<String, String> fields, FakeWav wav) {
        return switch (format) {
            case "json" -> new Answer(200, MAPPER.createObjectNode().put("text", text).toString(), "application/json");
            case "text" -> new Answer(200, text + "\n", "text/plain; charset=utf-8");
            case "verbose_json" -> {
                ObjectNode node = MAPPER.createObjectNode().put("task", "transcribe")
                        .put("language", fields.getOrDefault("language", "english"))
                        .put("duration", wav.seconds()).put("text", text);
                node.putArray("segments");
                node.putArray("words");
                yield new Answer(200, node.toString(), "application/json");
            }
            default -> Answer.error(400, "response_format '" + format + "' is not supported");
        };
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void update(Runnable change) {
        state.update(change);
    }

    private <T> T locked(Supplier<T> action) {
        return state.read(action);
    }

    /** A response to send. */
    private record Answer(int status, String body, String contentType) {
        static Answer error(int status, String message) {
            ObjectNode root = MAPPER.createObjectNode();
            root.putObject("error").put("message", message).put("type", "invalid_request_error");
            return new Answer(status, root.toString(), "application/json");
        }
    }
}
