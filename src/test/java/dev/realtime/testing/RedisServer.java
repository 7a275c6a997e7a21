package dev.realtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} on 127.0.0.1 and a free port, without persistence ({@code --save ""},
 * {@code --appendonly no}) and with its working folder private, for tests of what replicas share. Started within
 * {@value #START_SECONDS} s or the test fails with its output; stopped (SIGTERM) by {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {
    private static final List<String> BIN = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin");
    private static final long START_SECONDS = 20;
    private static final String READY = "Ready to accept connections";
    /** Queued after the server's last line of output. */
    private static final String EXITED = "(redis-server exited)";

    private final int port;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private RedisServer(int fixedPort) throws IOException, InterruptedException {
        Path redis = BIN.stream().map(dir -> Path.of(dir, "redis-server")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("redis-server is not installed: bin/engine test installs it "
                                                              + "(Debian: apt-get install redis-server)"));
        Path dir = Files.createTempDirectory("redis-test");
        if (fixedPort > 0) {
            port = fixedPort;
        } else {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        process = new ProcessBuilder(redis.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                                     "--save", "", "--appendonly", "no", "--daemonize", "no",
                                     "--dir", dir.toString(), "--logfile", "")
                .redirectErrorStream(true).start();
        Thread.ofVirtual().name("redis-log").start(this::read);
        awaitReady();
    }

    /**
     * Starts a server.
     *
     * @return the running server
     * @throws AssertionError when it is not installed or does not start in time, with what it printed
     */
    public static RedisServer start() {
        return start(0);
    }

    /**
     * A new server on a stopped one's port, as that server restarted without its data would be.
     *
     * @param stopped the server, closed
     * @return the running server
     */
    public static RedisServer restart(RedisServer stopped) {
        return start(stopped.port);
    }

    private static RedisServer start(int port) {
        try {
            return new RedisServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's URL, database 0. */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    private void awaitReady() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(READY)) {
                return;
            }
            if (line == null || EXITED.equals(line)) {
                close();
                throw new AssertionError("redis-server did not start within " + START_SECONDS + " s on port "
                                                 + port + ":\n" + String.join("\n", seen));
            }
            seen.add(line);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                          StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the output failed: " + e + ")");
        } finally {
            lines.add(EXITED);
        }
    }

    /** Stops the server and waits (bounded) for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
