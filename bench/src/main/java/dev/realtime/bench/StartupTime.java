package dev.realtime.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launching the engine's jar to the first 200 from its {@code /health}, as an operator starts it:
 * {@code java @etc/jvm.options [-XX:AOTCache=FILE] -jar target/engine.jar} with the keyless defaults, on a free
 * loopback port and an empty data folder. {@code /health} is polled every 5 ms. Also prints the resident memory
 * of the idle engine right after. Run from the repository root:
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.realtime.bench.StartupTime RUNS [AOT_CACHE]
 * </pre>
 */
public final class StartupTime {
    private StartupTime() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                                                               .toString(), "@etc/jvm.options"));
        if (args.length > 1) {
            command.add("-XX:AOTCache=" + args[1]);
        }
        command.addAll(List.of("-jar", "target/engine.jar"));
        List<Long> millis = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build()) {
            for (int i = 0; i < runs; i++) {
                millis.add(once(command, http));
            }
        }
        Collections.sort(millis);
        System.out.printf("startup to healthy /health: runs=%d min=%d ms median=%d ms max=%d ms (%s)%n", runs,
                          millis.getFirst(), millis.get(runs / 2), millis.getLast(), String.join(" ", command));
    }

    private static long once(List<String> command, HttpClient http) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path data = Files.createTempDirectory("startup");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("engine.log").toFile());
        pb.environment().putAll(java.util.Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port),
                                                 "DATA_DIR", data.toString()));
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process engine = pb.start();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && engine.isAlive()) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        System.out.printf("healthy after %d ms, idle rss %d MB%n", ms,
                                          ProcessStats.rssKb(engine.pid()) / 1024);
                        return ms;
                    }
                } catch (IOException notListeningYet) {
                    // the port opens only once the server has started
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("engine not healthy within 30 s; log: " + data.resolve("engine.log"));
        } finally {
            engine.destroy();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
