package dev.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.testing.EngineProcess;
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
    private static int healthcheck(int port) throws Exception {
        Process p = new ProcessBuilder("bin/healthcheck", String.valueOf(port)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void entryPointIsHealthyAndDrainsOnSigterm(@TempDir Path dir) throws Exception {
        try (EngineProcess engine = EngineProcess.start("engine", dir, Map.of(
                "DRAIN_TIMEOUT_MS", "1500", "LLM_PROVIDER", "offline"))) {
            engine.awaitReady();
            int port = engine.port();
            assertThat("bin/healthcheck finds it healthy", healthcheck(port), is(0));
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(engine.httpUri() + "/metrics")).build(),
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
            try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.mintedToken())) {
                c.await("session.created");
                engine.terminate();
                assertThat(c.awaitClose(), is(1001));
            }
            engine.awaitExit(Duration.ofSeconds(20));
            assertThat(engine.log(), containsString("1 sessions closed with 1001"));
            assertThat("healthcheck fails once the engine is gone", healthcheck(port), is(1));
        }
    }

    @Test
    void warmUpRunsItsSessionsWithTheShippedJvmOptionsAndExits(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("warm-up.log");
        ProcessBuilder pb = EngineProcess.java(dir, log, List.of("@etc/jvm.options"), List.of("warm-up"));
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
        ProcessBuilder pb = EngineProcess.java(dir, log, List.of("--enable-native-access=ALL-UNNAMED"), List.of());
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
