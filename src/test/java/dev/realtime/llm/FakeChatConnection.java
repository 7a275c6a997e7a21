package dev.realtime.llm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Serves one HTTP/1.1 connection of the {@link FakeChatServer}: one request, one scripted answer, then close.
 * Runs on its own virtual thread.
 */
final class FakeChatConnection {

    private static final long STALL_LIMIT_NANOS = Duration.ofSeconds(60).toNanos();

    private final Socket socket;
    private final FakeChatServer server;

    FakeChatConnection(Socket socket, FakeChatServer server) {
        this.socket = socket;
        this.server = server;
    }

    void serve() {
        boolean answering = false;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            RecordedChatRequest request = readRequest(in);
            server.record(request);
            FakeChatScript script = route(request);
            answering = true;
            if (script.isError()) {
                writeError(out, script);
            } else {
                stream(in, out, script);
            }
        } catch (IOException e) {
            if (answering && !server.isClosed()) {
                server.clientDisconnected();
            }
        }
    }

    private FakeChatScript route(RecordedChatRequest request) {
        if (!request.method().equals("POST") || !request.path().endsWith("/chat/completions")) {
            return FakeChatScript.error(404, FakeChunks.openAiError("Unknown path " + request.path(),
                                                                     "invalid_request_error", "not_found"));
        }
        boolean authorized = server.expectedKey()
                .map(key -> request.header("authorization").filter(("Bearer " + key)::equals).isPresent())
                .orElse(true);
        if (!authorized) {
            return FakeChatScript.error(401, FakeChunks.openAiError("Incorrect API key provided.",
                                                                     "invalid_request_error", "invalid_api_key"));
        }
        if (!request.json().path("stream").asBoolean(false)) {
            return FakeChatScript.error(400, FakeChunks.openAiError("The fake serves only stream:true",
                                                                     "invalid_request_error", null));
        }
        return server.nextScript();
    }

    private void writeError(OutputStream out, FakeChatScript script) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + script.status + " Fake\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(script.errorBody.length).append("\r\n")
                .append("Connection: close\r\n");
        script.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(script.errorBody);
        out.flush();
    }

    private void stream(InputStream in, OutputStream out, FakeChatScript script) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n")
                .append("Content-Type: text/event-stream; charset=utf-8\r\n")
                .append("Cache-Control: no-cache\r\n")
                .append("Transfer-Encoding: chunked\r\n")
                .append("Connection: close\r\n");
        script.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        for (FakeChatScript.Step step : script.steps) {
            switch (step) {
                case FakeChatScript.Write w -> chunk(out, w.bytes());
                case FakeChatScript.Pause p -> {
                    out.flush();
                    pause(p.duration());
                }
                case FakeChatScript.Stall s -> {
                    out.flush();
                    awaitClientGone(in);
                    return;
                }
                case FakeChatScript.KeepAlive k -> {
                    out.flush();
                    long deadline = System.nanoTime() + STALL_LIMIT_NANOS;
                    while (!server.isClosed() && System.nanoTime() < deadline) {
                        pause(k.every());
                        chunk(out, ": keep-going\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    return;
                }
                case FakeChatScript.Cut c -> {
                    out.flush();
                    socket.close();
                    return;
                }
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void awaitClientGone(InputStream in) throws IOException {
        socket.setSoTimeout(100);
        long deadline = System.nanoTime() + STALL_LIMIT_NANOS;
        while (!server.isClosed() && System.nanoTime() < deadline) {
            try {
                if (in.read() < 0) {
                    server.clientDisconnected();
                    return;
                }
            } catch (SocketTimeoutException e) {
                // still connected; keep waiting
            }
        }
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write(new byte[] {'\r', '\n'});
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RecordedChatRequest readRequest(InputStream in) throws IOException {
        String[] requestLine = line(in).split(" ");
        if (requestLine.length < 2) {
            throw new IOException("Bad request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                        k -> new ArrayList<>()).add(header.substring(colon + 1).strip());
            }
        }
        byte[] body = body(in, headers);
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = text.isEmpty() ? MissingNode.getInstance() : FakeChunks.MAPPER.readTree(text);
        } catch (IOException e) {
            json = MissingNode.getInstance();
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        return new RecordedChatRequest(requestLine[0], query < 0 ? target : target.substring(0, query), headers,
                                       text, json);
    }

    private static byte[] body(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (!length.isEmpty()) {
            return in.readNBytes(Integer.parseInt(length.getFirst()));
        }
        if (!headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
             size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        line(in);
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Connection closed mid-request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
