package dev.realtime.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 tool endpoint on 127.0.0.1 for tests: answers per path (JSON, a status and body, after a delay, or
 * never), records each request, and notices when a client abandons a request it is holding, which the JDK's own
 * HTTP server cannot. One request per connection, bodies by {@code Content-Length}; each connection is served on
 * its own virtual thread. Bounded: a held request gives up after 30 s, and {@link #close()} ends every connection.
 */
public final class FakeToolServer implements AutoCloseable {
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);
    private static final Answer NOT_FOUND = new Answer.Reply(404, "{\"error\":\"no such tool\"}", Duration.ZERO);

    /** How a path answers. */
    public sealed interface Answer {
        /** Status and body after a delay (zero for at once). */
        record Reply(int status, String body, Duration delay) implements Answer {
        }

        /** Never answers; waits for the client to go away (at most 30 s). */
        record Hold() implements Answer {
        }
    }

    /** A request as received: method, path with query, headers by lower-case name, body. */
    public record Recorded(String method, String target, Map<String, String> headers, String body) {
        /** A header by name (any case), or "" when absent. */
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final ServerSocket socket;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> aborts = new LinkedBlockingQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    private FakeToolServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-tool-accept").start(this::accept);
    }

    /** Starts a server; paths without an answer get 404. */
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

    /** Answers requests whose path as sent (percent-encoded, without query) is {@code path}; replaces earlier. */
    public FakeToolServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Answers 200 with a JSON body at once. */
    public FakeToolServer json(String path, String body) {
        return answer(path, new Answer.Reply(200, body, Duration.ZERO));
    }

    /** Answers with a status and body at once. */
    public FakeToolServer status(String path, int status, String body) {
        return answer(path, new Answer.Reply(status, body, Duration.ZERO));
    }

    /** Answers 200 with a JSON body after a delay. */
    public FakeToolServer delayed(String path, Duration delay, String body) {
        return answer(path, new Answer.Reply(200, body, delay));
    }

    /** Never answers; see {@link #awaitAbort(Duration)}. */
    public FakeToolServer hold(String path) {
        return answer(path, new Answer.Hold());
    }

    /** The oldest request not yet awaited, waiting at most {@code timeout}; fails the test when none came. */
    public Recorded awaitRequest(Duration timeout) throws InterruptedException {
        Recorded r = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no tool request within " + timeout);
        }
        return r;
    }

    /** Whether the client of a held request went away within {@code timeout}. */
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
                open.add(client);
                if (closed.getCount() == 0) {
                    client.close(); // accepted while close() ran
                    return;
                }
                Thread.ofVirtual().name("fake-tool-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            Recorded recorded = RawHttp.read(in);
            requests.add(recorded);
            switch (answers.getOrDefault(URI.create(recorded.target()).getRawPath(), NOT_FOUND)) {
                case Answer.Hold h -> hold(client, in, recorded.target());
                case Answer.Reply r -> reply(client.getOutputStream(), r);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // the client went away mid-answer, or the server closed: nothing to do
        } finally {
            open.remove(client);
        }
    }

    private void hold(Socket client, InputStream in, String target) throws IOException {
        client.setSoTimeout((int) HOLD_LIMIT.toMillis());
        try {
            while (in.read() != -1) {
                // a client sends nothing more on this connection; drain until it closes
            }
            aborts.add(target);
        } catch (SocketTimeoutException e) {
            // held as long as allowed and the client stayed: not an abort
        } catch (IOException e) {
            if (closed.getCount() > 0) {
                aborts.add(target); // reset by the client rather than closed by us
            }
        }
    }

    private void reply(OutputStream out, Answer.Reply r) throws IOException, InterruptedException {
        if (closed.await(r.delay().toMillis(), TimeUnit.MILLISECONDS)) {
            return; // the slow upstream being simulated was shut down meanwhile
        }
        RawHttp.write(out, r.status(), r.body());
    }

    /** Stops accepting and closes every connection, held or delayed ones too. */
    @Override
    public void close() {
        closed.countDown();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket client : open) {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
