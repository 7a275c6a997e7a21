package dev.realtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The provider simulator's working folder: {@code ../shared/harness} (read-only in CI) copied to
 * {@code target/harness} without {@code node_modules}, and its one dependency installed with npm when missing.
 * {@code bin/engine test} prepares the same folder before the suite; this does it for runs from an IDE. Node 18
 * (Debian bookworm's) is enough for the simulator and its {@code --import}. Called on test threads; one caller at a
 * time.
 */
final class SimulatorFiles {
    /** The Node executable. */
    static final String NODE = "node";
    private static final String NPM = "npm";
    private static final int MIN_NODE = 18;
    private static final Path SOURCE = Path.of("..", "shared", "harness");
    private static final Path WORK = Path.of("target", "harness");
    private static final ReentrantLock LOCK = new ReentrantLock();

    private SimulatorFiles() {
    }

    /**
     * Copies what changed since the last copy and installs {@code ws} when it is not there yet.
     *
     * @return the absolute working folder
     * @throws AssertionError when the harness, Node (18 or newer) or npm is missing, or npm fails
     */
    static Path prepare() {
        LOCK.lock();
        try {
            if (!Files.isRegularFile(SOURCE.resolve("fake-providers.mjs"))) {
                throw new AssertionError("the provider simulator is missing: expected "
                                                 + SOURCE.toAbsolutePath().normalize() + "/fake-providers.mjs");
            }
            String version = run(List.of(NODE, "--version"), Path.of("."), 30).strip();
            if (!version.matches("v\\d+\\..*") || Integer.parseInt(version.substring(1, version.indexOf('.')))
                    < MIN_NODE) {
                throw new AssertionError("the provider simulator needs Node " + MIN_NODE + " or newer, found "
                                                 + version);
            }
            copy();
            if (!Files.isDirectory(WORK.resolve("node_modules").resolve("ws"))) {
                run(List.of(NPM, "install", "--no-audit", "--no-fund"), WORK, 300);
            }
            return WORK.toAbsolutePath();
        } finally {
            LOCK.unlock();
        }
    }

    private static void copy() {
        try (Stream<Path> files = Files.walk(SOURCE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = SOURCE.relativize(file);
                if (relative.startsWith("node_modules")) {
                    continue;
                }
                Path target = WORK.resolve(relative);
                if (!Files.isRegularFile(target) || Files.mismatch(file, target) != -1) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + SOURCE + " to " + WORK, e);
        }
    }

    /** Runs a command to its end within the given time; its output, or an AssertionError that says why not. */
    private static String run(List<String> command, Path dir, int seconds) {
        Process process;
        Path log;
        try {
            // output to a file: a pipe read only at the end could fill and block the command
            log = Files.createTempFile("simulator-setup", ".log");
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("'" + command.getFirst() + "' cannot be run (" + e.getMessage() + "): the "
                                             + "provider simulator tests need Node " + MIN_NODE + "+ and npm; "
                                             + "bin/engine test installs them (Debian nodejs, npm)", e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " in " + dir + " failed with exit code "
                                                 + process.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
