package dev.realtime.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The providers of a warm-up, on {@code 127.0.0.1} only: OpenAI-compatible {@code POST /v1/chat/completions}
 * (streamed SSE; a tool call when the request offers {@link #TOOL} and the user's last message names {@link #CITY}),
 * {@code /v1/audio/transcriptions} (multipart in, {@code {"text"}} out) and {@code /v1/audio/speech} (headerless
 * 24 kHz PCM, streamed in chunks at about twice real time so a barge-in can land). The wire formats are those the
 * engine's adapters read from real providers, so a training run goes through the production code. Each request
 * runs on its own virtual thread.
 */
public final class ProviderResponder implements AutoCloseable {
    /** The client function tool the warm-up sessions offer; the responder calls it once per text turn. */
    public static final String TOOL = "warm_up_lookup";
    static final String TRANSCRIPT = "What time is it?";
    /** A user message naming it gets a tool call (the text turn); the voice turns get spoken answers. */
    static final String CITY = "Paris";
    private static final String[] REPLY = {"It is ", "a quarter ", "past ten. ", "Anything ", "else I ", "can do?"};
    private static final int SPEECH_MS_PER_CHAR = 25;
    private static final int CHUNK_BYTES = 4_800;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger requests = new AtomicInteger();

    private ProviderResponder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", e -> serve(e, this::chat));
        server.createContext("/v1/audio/transcriptions", e -> serve(e, this::transcribe));
        server.createContext("/v1/audio/speech", e -> serve(e, this::speak));
        server.start();
    }

    /**
     * @return a started responder on a free port of 127.0.0.1
     * @throws UncheckedIOException when it cannot bind
     */
    public static ProviderResponder start() {
        try {
            return new ProviderResponder();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base URL the adapters append their paths to, {@code http://127.0.0.1:PORT/v1} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** @return requests answered so far */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            handler.handle(exchange);
        } catch (IOException e) {
            // the engine may drop a call it no longer needs (a barge-in cancels the reply being spoken)
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        JsonNode request = MAPPER.readTree(exchange.getRequestBody());
        JsonNode messages = request.path("messages");
        JsonNode last = messages.path(messages.size() - 1);
        boolean asksTool = "user".equals(last.path("role").asText()) && last.path("content").toString().contains(CITY);
        boolean offersTool = request.path("tools").findValues("name").stream().anyMatch(n -> TOOL.equals(n.asText()));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (asksTool && offersTool) {
                event(out, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_warm\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"" + TOOL + "\",\"arguments\":\"{\\\"city\\\":\"}}]}", null);
                event(out, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
                      null);
                event(out, "{}", "tool_calls");
            } else {
                event(out, "{\"role\":\"assistant\",\"content\":\"\"}", null);
                for (String token : REPLY) {
                    event(out, "{\"content\":\"" + token + "\"}", null);
                }
                event(out, "{}", "stop");
            }
            out.write(("data: {\"id\":\"chatcmpl-warm\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}\n\n"
                    + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream out, String delta, String finish) throws IOException {
        String reason = finish == null ? "null" : "\"" + finish + "\"";
        out.write(("data: {\"id\":\"chatcmpl-warm\",\"object\":\"chat.completion.chunk\",\"model\":\"warm-up\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + reason + "}]}\n\n")
                          .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void transcribe(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        byte[] body = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("text", TRANSCRIPT));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void speak(HttpExchange exchange) throws IOException {
        String input = MAPPER.readTree(exchange.getRequestBody()).path("input").asText();
        byte[] pcm = Tone.pcm(input.length() * SPEECH_MS_PER_CHAR);
        exchange.getResponseHeaders().set("Content-Type", "audio/pcm");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int at = 0; at < pcm.length; at += CHUNK_BYTES) {
                out.write(pcm, at, Math.min(CHUNK_BYTES, pcm.length - at));
                out.flush();
                // 100 ms of audio every 50 ms: the reply lasts long enough for a barge-in to interrupt it
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
