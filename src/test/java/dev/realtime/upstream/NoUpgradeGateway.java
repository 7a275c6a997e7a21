package dev.realtime.upstream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible gateway on {@code 127.0.0.1} that, like servers that also serve WebSocket upgrades (the
 * provider simulator, gateways proxying realtime APIs), takes any request carrying an {@code Upgrade} header for an
 * upgrade it does not offer and refuses it with 404 and an empty body. Otherwise it answers HTTP/1.1 (keep-alive,
 * {@code Content-Length} framing): {@code /chat/completions} streams SSE (a call of the first offered tool unless
 * the conversation already holds a tool result, else text), {@code /audio/speech} 200 ms of 24 kHz PCM,
 * {@code /audio/transcriptions} {@code {"text":"hello gateway"}}, anything else {@code {"answer":"from the tool"}}.
 * Records every request head. Each connection is served on its own virtual thread; {@link #close()} stops them.
 */
final class NoUpgradeGateway implements AutoCloseable {

    /** What the gateway said to the model's conversation: the transcript of a transcribed turn. */
    static final String TRANSCRIPT = "hello gateway";
    /** The model's spoken answer. */
    static final String ANSWER = "The gateway answered over plain HTTP.";

    /**
     * A request as received.
     *
     * @param line    the request line, e.g. {@code POST /v1/chat/completions HTTP/1.1}
     * @param headers header names lower-cased
     * @param body    the body as text
     */
    record Request(String line, Map<String, String> headers, String body) {
        boolean upgrade() {
            return headers.containsKey("upgrade") || headers.containsKey("http2-settings");
        }
    }

    private final ServerSocket server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private NoUpgradeGateway() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("no-upgrade-accept").start(this::accept);
    }

    static NoUpgradeGateway start() {
        try {
            return new NoUpgradeGateway();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:PORT/v1} */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    /** @return every request so far, oldest first */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(NoUpgradeGateway::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread.ofVirtual().name("no-upgrade-conn").start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (!closed) {
                String line = readLine(in);
                if (line.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                Request request = new Request(line, headers, new String(in.readNBytes(length),
                                                                       StandardCharsets.UTF_8));
                requests.add(request);
                if (request.upgrade()) {
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                      .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                answer(request, out);
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(socket);
        }
    }

    private static void answer(Request request, OutputStream out) throws IOException {
        String path = request.line().split(" ")[1];
        if (path.endsWith("/chat/completions")) {
            write(out, "text/event-stream", chat(request.body()).getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith("/audio/speech")) {
            write(out, "audio/pcm", tone());
        } else if (path.endsWith("/audio/transcriptions")) {
            write(out, "application/json", ("{\"text\":\"" + TRANSCRIPT + "\"}").getBytes(StandardCharsets.UTF_8));
        } else {
            write(out, "application/json", "{\"answer\":\"from the tool\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String chat(String body) {
        boolean toolOffered = body.contains("\"tools\"");
        boolean toolAnswered = body.contains("\"role\":\"tool\"");
        String delta = toolOffered && !toolAnswered
                ? "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
                        + "\"gateway_tool\",\"arguments\":\"{}\"}}]}"
                : "{\"content\":\"" + ANSWER + "\"}";
        String finish = toolOffered && !toolAnswered ? "tool_calls" : "stop";
        return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + finish + "\"}]}\n\n"
                + "data: [DONE]\n\n";
    }

    private static byte[] tone() {
        ByteBuffer pcm = ByteBuffer.allocate(24_000 / 5 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; pcm.hasRemaining(); i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0)));
        }
        return pcm.array();
    }

    private static void write(OutputStream out, String type, byte[] body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
