package dev.realtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The engine as the container runs it: a separate JVM started with the image's entry-point flags, found healthy by
 * {@code bin/healthcheck}, and on SIGTERM draining its open session and closing it with 1001 before it exits.
 */
class ProcessLifecycleTest {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int healthcheck(int port) throws Exception {
        Process p = new ProcessBuilder("bin/healthcheck", String.valueOf(port)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /**
     * The engine's main class in a JVM of its own, output to {@code log}. The class path goes in an argument file so
     * the command line stays short (onnxruntime 1.29 crashes when it is 4 KB or more, which is why the image uses
     * {@code java -jar}).
     */
    private static ProcessBuilder java(Path dir, Path log, List<String> options, List<String> args) throws IOException {
        Path file = dir.resolve("java.args");
        List<String> lines = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                                                               "dev.realtime.Main"));
        lines.addAll(args);
        Files.write(file, lines);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add("@" + file);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    @Test
    void entryPointIsHealthyAndDrainsOnSigterm(@TempDir Path dir) throws Exception {
        int port = freePort();
        // the image's flags
        Path log = dir.resolve("engine.log");
        ProcessBuilder pb = java(dir, log, List.of("--enable-native-access=ALL-UNNAMED",
                                                   "--sun-misc-unsafe-memory-access=allow"), List.of());
        pb.environment().putAll(Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port),
                                                 "DATA_DIR", dir.resolve("data").toString(),
                                                 "ENGINE_API_KEY", "process-key", "DRAIN_TIMEOUT_MS", "1500",
                                                 "LLM_PROVIDER", "offline"));
        Process engine = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (healthcheck(port) != 0) {
                assertThat("engine exited early:\n" + Files.readString(log), engine.isAlive(), is(true));
                assertThat("not healthy within 60 s", System.nanoTime() < deadline, is(true));
                Thread.sleep(200); // polling a process that is starting: it has no event to await
            }
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String series : List.of("realtime_sessions_active", "realtime_sessions_total",
                                         "realtime_turns_total", "realtime_responses_total{scope=\"application\","
                                                 + "status=\"failed\",}",
                                         "realtime_end_of_speech_to_first_audio_seconds_count",
                                         "realtime_llm_first_token_seconds_count",
                                         "realtime_tts_first_byte_seconds_count",
                                         "realtime_stt_final_latency_seconds_count", "realtime_audio_in_seconds",
                                         "realtime_audio_out_seconds", "realtime_vad_model_frames",
                                         "realtime_vad_model_runs",
                                         "realtime_provider_errors_total{kind=\"timeout\",operation=\"speak\","
                                                 + "provider=\"local\",scope=\"application\",}")) {
                assertThat("a fresh engine's scrape shows " + series, metrics, containsString(series));
            }
            HttpResponse<String> minted = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/realtime/client_secrets"))
                            .header("Authorization", "Bearer process-key")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = new ObjectMapper().readTree(minted.body()).path("value").asText();
            try (WsTestClient c = WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/v1/realtime"),
                                                       token)) {
                c.await("session.created");
                engine.destroy(); // SIGTERM
                assertThat(c.awaitClose(), is(1001));
            }
            assertThat(engine.waitFor(20, TimeUnit.SECONDS), is(true));
            assertThat(Files.readString(log), containsString("1 sessions closed with 1001"));
            assertThat("healthcheck fails once the engine is gone", healthcheck(port), is(1));
        } finally {
            engine.destroyForcibly();
        }
    }

    @Test
    void warmUpRunsItsSessionsWithTheShippedJvmOptionsAndExits(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("warm-up.log");
        ProcessBuilder pb = java(dir, log, List.of("@etc/jvm.options"), List.of("warm-up"));
        pb.environment().putAll(Map.of("HOST", "127.0.0.1", "PORT", "0",
                                                 "DATA_DIR", dir.resolve("data").toString(),
                                                 "LLM_PROVIDER", "offline", "WARM_UP_SECONDS", "10",
                                                 "WARM_UP_SESSIONS", "1"));
        Process warmUp = pb.start();
        try {
            assertThat("warm-up did not exit within 90 s", warmUp.waitFor(90, TimeUnit.SECONDS), is(true));
            assertThat(Files.readString(log), warmUp.exitValue(), is(0));
            assertThat(Files.readString(log), containsString("warm-up: WarmUpReport[sessions=1, failedSessions=0"));
        } finally {
            warmUp.destroyForcibly();
        }
    }

    @Test
    void aProviderWithoutItsKeyExitsWithALineNamingTheKey(@TempDir Path dir) throws Exception {
        // before: the start went on and died on "java.util.NoSuchElementException: No value present"
        Path log = dir.resolve("engine.log");
        ProcessBuilder pb = java(dir, log, List.of("--enable-native-access=ALL-UNNAMED"), List.of());
        pb.environment().remove("DEEPGRAM_API_KEY");
        pb.environment().putAll(Map.of("HOST", "127.0.0.1", "PORT", "0",
                                                 "DATA_DIR", dir.resolve("data").toString(),
                                                 "STT_PROVIDER", "deepgram"));
        Process engine = pb.start();
        try {
            assertThat("the engine did not exit within 60 s", engine.waitFor(60, TimeUnit.SECONDS), is(true));
            String output = Files.readString(log);
            assertThat(output, engine.exitValue(), is(2));
            assertThat(output, containsString("DEEPGRAM_API_KEY: is not set, and stt.provider 'deepgram' needs it"));
            assertThat(output, not(containsString("Exception")));
        } finally {
            engine.destroyForcibly();
        }
    }
}
