package dev.realtime.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the scripts in {@code src/test/browser}: Debian's Chromium, driven by the pinned {@code playwright-core},
 * talking to the playground with a fake microphone. Its folder is copied to {@code target/browser} and npm installs
 * the dependency there once. Chromium is never downloaded by this: {@code bin/engine test} installs the Debian
 * package, and without it the test fails saying so. Used on the test thread.
 */
final class PlaygroundBrowser {
    /** Where Debian puts Chromium; {@code CHROMIUM} points elsewhere. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SOURCE = Path.of("src/test/browser");
    private static final Path WORK = Path.of("target/browser");

    private PlaygroundBrowser() {
    }

    /**
     * Runs one of the scripts in {@code src/test/browser} to its end.
     *
     * @param script its file name
     * @param args   its arguments (paths absolute)
     * @return what it saw: the JSON object it prints last
     */
    static JsonNode drive(String script, String... args) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing: the playground test drives Debian's Chromium. "
                                             + "bin/engine test installs it; by hand: apt-get install chromium");
        }
        Files.createDirectories(WORK);
        boolean changed = copy("package.json");
        copy(script);
        if (changed || !Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund"), 300);
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        String out = run(command, 150);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return new ObjectMapper().readTree(last);
    }

    /** The elements of a JSON array as text. */
    static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }

    private static boolean copy(String file) throws IOException {
        Path target = WORK.resolve(file);
        if (Files.isRegularFile(target) && Files.mismatch(SOURCE.resolve(file), target) == -1) {
            return false;
        }
        Files.copy(SOURCE.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static String run(List<String> command, int seconds) throws Exception {
        // output to a file: a pipe read only at the end could fill and block the command
        Path log = Files.createTempFile("browser", ".log");
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s:\n"
                                                 + Files.readString(log, StandardCharsets.UTF_8));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
