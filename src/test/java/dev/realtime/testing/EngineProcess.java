package dev.realtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine's main class in a JVM of its own, started with the container image's flags on 127.0.0.1 and a free
 * port, its output in a log file that failure messages quote. {@link #terminate()} sends SIGTERM (the drain),
 * {@link #kill()} SIGKILL (a crash); {@link #close()} kills what is still running. Methods run on the test's thread.
 */
public final class EngineProcess implements AutoCloseable {
    /** The image's JVM flags (Dockerfile's entry point). */
    public static final List<String> IMAGE_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
                                                           "--sun-misc-unsafe-memory-access=allow");
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private EngineProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * A JVM running {@code dev.realtime.Main} with this test run's class path, output to {@code log}. The class path
     * goes in an argument file in {@code dir} so the command line stays short (onnxruntime 1.29 crashes when it is
     * 4 KB or more, which is why the image uses {@code java -jar}).
     *
     * @param dir     a folder of this process's own, for the argument file
     * @param log     where standard output and error go
     * @param options JVM options
     * @param args    the engine's arguments
     * @return the process, not started
     */
    public static ProcessBuilder java(Path dir, Path log, List<String> options, List<String> args) throws IOException {
        Path file = dir.resolve("java.args");
        List<String> lines = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                                                     "dev.realtime.Main"));
        lines.addAll(args);
        Files.createDirectories(dir);
        Files.write(file, lines);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add("@" + file);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /**
     * Starts the server without waiting for it: {@code HOST=127.0.0.1}, a free {@code PORT},
     * {@code DATA_DIR=dir/data} and {@link TestEngine#API_KEY} as the engine key, then {@code env} on top (an empty
     * value removes a variable, inherited ones included). Start several, then {@link #awaitReady()} each.
     *
     * @param name names the process in failure messages
     * @param dir  a folder of its own
     * @param env  environment variables
     * @return the starting process
     */
    public static EngineProcess start(String name, Path dir, Map<String, String> env) {
        try {
            int port = freePort();
            Path log = dir.resolve("engine.log");
            ProcessBuilder pb = java(dir, log, IMAGE_FLAGS, List.of());
            Map<String, String> all = pb.environment();
            all.putAll(Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port),
                              "DATA_DIR", dir.resolve("data").toString(), "ENGINE_API_KEY", TestEngine.API_KEY));
            all.putAll(env);
            all.values().removeIf(String::isEmpty);
            return new EngineProcess(name, port, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code /health/ready} answers 200; fails with the log when the process exits or a minute passes
     * first.
     */
    public EngineProcess awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (readyStatus() != 200) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                                                 + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not ready within " + START + ":\n" + log());
            }
            Thread.sleep(100); // polling a process that is starting: it has no event to await
        }
        return this;
    }

    /** {@code GET /health/ready}'s status, 0 when nothing answers on the port. */
    public int readyStatus() throws InterruptedException {
        return status("/health/ready");
    }

    /** The status of a GET without credentials (a probe's), 0 when nothing answers on the port. */
    public int status(String path) throws InterruptedException {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(httpUri() + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": GET " + path + " failed", e);
        }
    }

    /** A token minted as a client's backend mints it: {@code POST /v1/realtime/client_secrets}. */
    public String mintedToken() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUri() + "/v1/realtime/client_secrets"))
                                                   .header("Authorization", "Bearer " + TestEngine.API_KEY)
                                                   .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(name + ": minting a token failed: " + r.statusCode() + " " + r.body());
        }
        return new ObjectMapper().readTree(r.body()).path("value").asText();
    }

    /** The name given at the start. */
    public String name() {
        return name;
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:PORT/v1/realtime}. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/v1/realtime");
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Sends SIGTERM: the engine drains its sessions and exits. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: the process ends at once, as in a crash, giving nothing back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 10 s");
        }
    }

    /** Waits for the process to exit; fails with the log when it runs longer than {@code time}. */
    public int awaitExit(Duration time) throws InterruptedException {
        if (!process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + time + ":\n" + log());
        }
        return process.exitValue();
    }

    /** What the process has written so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(" + name + "'s log is unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
