package dev.realtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider simulator's output, read on a virtual thread of its own until the process exits (so the pipe never
 * fills): the port from its "listening on" line, and the last lines, kept for failure messages. Thread-safe.
 */
final class SimulatorOutput {
    private static final int KEEP = 50;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Deque<String> lines = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    private SimulatorOutput() {
    }

    /** Starts reading the process's output (stderr merged into it). */
    static SimulatorOutput read(Process process) {
        SimulatorOutput output = new SimulatorOutput();
        Thread.ofVirtual().name("provider-simulator-output").start(() -> output.run(process));
        return output;
    }

    /** The port the simulator listens on, once it has said so; fails when it exits first. */
    CompletableFuture<Integer> port() {
        return port;
    }

    /** The last lines of output. */
    String text() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    private void run(Process process) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                keep(line);
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            keep("(output unreadable: " + e.getMessage() + ")");
        }
        port.completeExceptionally(new IllegalStateException("the simulator exited"));
    }

    private void keep(String line) {
        lock.lock();
        try {
            lines.addLast(line);
            if (lines.size() > KEEP) {
                lines.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }
}
