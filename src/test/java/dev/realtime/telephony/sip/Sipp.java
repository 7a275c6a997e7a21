package dev.realtime.telephony.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's sipp ({@code sip-tester}) against the engine with a scenario from {@code src/test/resources/sip},
 * its {@code @NAME@} placeholders filled in. Fails with advice when sipp is missing (bin/engine test installs it):
 * the SIP tests are never skipped. Test thread.
 */
final class Sipp {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("SIPP", "/usr/bin/sipp"));

    /** How sipp ended: its exit code (0: every call went as the scenario says) and its output. */
    record Result(int exit, String output) {
    }

    private Sipp() {
    }

    /** Fails the test when sipp is not installed. */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("sipp is missing (" + BINARY + "): the SIP tests need it. Install it with "
                    + "apt-get install sip-tester (bin/engine test does), or set SIPP to its path");
        }
    }

    /**
     * Fills a scenario's placeholders and writes it to a folder.
     *
     * @param name   the scenario's file name under {@code src/test/resources/sip}
     * @param values placeholder (without the {@code @}s) → value
     * @param dir    where to write it
     * @return the written scenario
     */
    static Path scenario(String name, Map<String, String> values, Path dir) throws IOException {
        String text;
        try (InputStream in = Sipp.class.getResourceAsStream("/sip/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (var entry : values.entrySet()) {
            text = text.replace("@" + entry.getKey() + "@", entry.getValue());
        }
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text);
    }

    /**
     * Runs sipp in a folder until it exits.
     *
     * @param dir     its working folder (its logs land there)
     * @param args    arguments after the binary
     * @param timeout how long it may run before it is killed and the test fails
     * @return how it ended
     */
    static Result run(Path dir, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(args);
        Path log = dir.resolve("sipp-output.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("sipp ran longer than " + timeout + ": " + String.join(" ", command)
                    + "\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (output.contains("Can't create raw")) {
            throw new AssertionError("sipp cannot play RTP from a pcap without a raw socket: run the tests as root, or "
                    + "give sipp the capability (setcap cap_net_raw+ep " + BINARY + ")\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** A UDP port free on an address now (for sipp's SIP and media ports, and the engine's). */
    static int freeUdpPort(String host) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
