package dev.realtime.tools;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 tool endpoint on 127.0.0.1 for tests: answers per path (JSON, an error status, after a delay, or
 * never), records each request, and notices when a client abandons a request it is holding, which the JDK's own
 * HTTP server cannot. One request per connection. Bounded: a held request gives up after 30 s.
 */
public final class FakeToolServer implements AutoCloseable {
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    /** How a path answers. */
    public sealed interface Answer {
        /** Status and body after a delay (zero for at once). */
        record Reply(int status, String body, Duration delay) implements Answer {
        }

        /** Never answers; waits for the client to go away. */
        record Hold() implements Answer {
        }
    }

    /** A request as received. */
    public record Recorded(String method, String target, Map<String, String> headers, String body) {
        /** A header by lower-case name, or "" when absent. */
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final ServerSocket socket;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> aborts = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private FakeToolServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("fake-tool-accept").start(this::accept);
    }

    /** Starts a server; unknown paths answer 404. */
    public static FakeToolServer start() {
        try {
            return new FakeToolServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Answers requests whose path (without query) is {@code path}. */
    public FakeToolServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Answers 200 with a JSON body at once. */
    public FakeToolServer json(String path, String body) {
        return answer(path, new Answer.Reply(200, body, Duration.ZERO));
    }

    /** The next request received, waiting at most {@code timeout}; fails when none came. */
    public Recorded awaitRequest(Duration timeout) throws InterruptedException {
        Recorded r = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no tool request within " + timeout);
        }
        return r;
    }

    /** Whether a held request's client went away within {@code timeout}. */
    public boolean awaitAbort(Duration timeout) throws InterruptedException {
        return aborts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    /** Requests received and not yet awaited. */
    public int pending() {
        return requests.size();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().name("fake-tool-conn").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Recorded recorded = new Recorded(requestLine[0], requestLine[1], Map.copyOf(headers), body);
            requests.add(recorded);
            String path = URI.create(recorded.target()).getPath();
            switch (answers.getOrDefault(path, new Answer.Reply(404, "{\"error\":\"no such tool\"}", Duration.ZERO))) {
                case Answer.Hold h -> hold(client, in, recorded.target());
                case Answer.Reply r -> reply(client.getOutputStream(), r);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away mid-answer: nothing to do
        }
    }

    private void hold(Socket client, InputStream in, String target) throws IOException {
        client.setSoTimeout((int) HOLD_LIMIT.toMillis());
        try {
            if (in.read() == -1) {
                aborts.add(target);
            }
        } catch (IOException e) {
            aborts.add(target); // reset by the client
        }
    }

    private static void reply(OutputStream out, Answer.Reply r) throws IOException {
        if (!r.delay().isZero()) {
            try {
                Thread.sleep(r.delay()); // the slow upstream being simulated
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + r.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                buffer.write(b);
            }
        }
        return buffer.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
