package dev.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.helidon.webserver.WebServer;

import dev.realtime.telephony.sip.SipServer;
import dev.realtime.warmup.ProviderResponder;
import dev.realtime.warmup.WarmUpDriver;
import dev.realtime.warmup.WarmUpReport;

/**
 * {@code engine warm-up}: the training run of the AOT cache. Starts a provider responder on 127.0.0.1 (OpenAI-
 * compatible chat SSE, transcriptions, speech), the engine with its providers pointed there and a throw-away data
 * folder, and runs real sessions against it for a bounded time ({@code WARM_UP_SECONDS}, default 20;
 * {@code WARM_UP_SESSIONS} at a time, default 32): speech in 20 ms appends over a noise floor, turns through
 * STT, LLM and TTS, a barge-in, a text turn with a tool call; and phone calls ({@code WARM_UP_CALLS} at a time,
 * default 8), half to the engine's SIP user agent on a free port (PCMU RTP), half over its Twilio Media Streams
 * endpoint ({@code TWILIO_ENABLED}), two spoken questions each. Run under
 * {@code -XX:AOTCacheOutput=FILE}, the JVM then stores the classes loaded and linked on those paths and their
 * method profiles (JEP 515), so a fresh engine starting from the cache loads them at once and compiles its hot
 * paths early. Nothing leaves 127.0.0.1 and
 * nothing is left on disk. Runs on the main thread.
 */
final class WarmUp {
    private static final System.Logger LOGGER = System.getLogger(WarmUp.class.getName());
    /**
     * The operator's settings the training engine keeps: those that choose the code the sessions run (the VAD, the
     * log format). Everything else is the warm-up's own, so no provider key, limit or runtime file of the operator's
     * can send it to the network or refuse its sessions.
     */
    private static final Set<String> KEPT = Set.of("SILERO_MODEL_PATH", "VAD_PROVIDER", "VAD_THRESHOLD",
                                                   "LOG_FORMAT");
    /** The training engine's RTP ports: ports in use (an engine already running) are passed over. */
    private static final String RTP_PORTS = "47000-47998";

    private WarmUp() {
    }

    /**
     * @param env the process environment: the warm-up's own keys and those the training engine keeps
     *            ({@link #KEPT}) are read
     * @return the process exit status: 0 when every session's turns completed
     */
    static int run(Map<String, String> env) {
        Duration duration = Duration.ofSeconds(Long.parseLong(env.getOrDefault("WARM_UP_SECONDS", "20")));
        int sessions = Integer.parseInt(env.getOrDefault("WARM_UP_SESSIONS", "32"));
        int calls = Integer.parseInt(env.getOrDefault("WARM_UP_CALLS", "8"));
        try {
            WarmUpReport report = train(env, duration, sessions, calls);
            System.err.println("warm-up: " + report);
            return report.healthy() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Runs the warm-up on the caller's thread, which it blocks for about {@code duration}.
     *
     * @param env         the process environment; only the keys of {@link #KEPT} reach the engine
     * @param duration    how long the sessions run
     * @param concurrency sessions at a time
     * @param calls       phone calls at a time, SIP and Twilio alternately
     * @return what the sessions and calls did
     * @throws InterruptedException when the caller is interrupted
     */
    static WarmUpReport train(Map<String, String> env, Duration duration, int concurrency, int calls)
            throws InterruptedException {
        Path dataDir = tempDir();
        try (ProviderResponder providers = ProviderResponder.start()) {
            String apiKey = "warm-up-" + UUID.randomUUID();
            Map<String, String> all = new HashMap<>();
            env.forEach((k, v) -> {
                if (KEPT.contains(k)) {
                    all.put(k, v);
                }
            });
            all.putAll(Map.of("HOST", "127.0.0.1", "PORT", "0", "DATA_DIR", dataDir.toString(),
                              "ENGINE_API_KEY", apiKey, "LLM_PROVIDER", "openai-compatible",
                              "OPENAI_COMPATIBLE_BASE_URL", providers.baseUrl().toString(),
                              "OPENAI_COMPATIBLE_MODEL", "warm-up", "OPENAI_COMPATIBLE_API_KEY", "warm-up"));
            all.putAll(Map.of("STT_PROVIDER", "openai-compatible", "STT_BASE_URL", providers.baseUrl().toString(),
                              "STT_API_KEY", "warm-up", "TTS_PROVIDER", "openai-compatible",
                              "TTS_BASE_URL", providers.baseUrl().toString(), "TTS_API_KEY", "warm-up"));
            int sipPort = freeUdpPort();
            all.putAll(Map.of("SIP_PORT", String.valueOf(sipPort), "SIP_HOST", "127.0.0.1",
                              "SIP_RTP_PORTS", RTP_PORTS, "SIP_ALLOWED_CIDRS", "127.0.0.1/32",
                              "TWILIO_ENABLED", "true"));
            Engine engine = Engine.create(all, Clock.systemUTC());
            WebServer server = WebServer.builder().update(b -> Main.setup(b, engine)).shutdownHook(false).build()
                    .start();
            try (SipServer sip = SipServer.start(engine.config().sip().orElseThrow(), engine.phones())) {
                engine.services();
                LOGGER.log(Level.INFO, () -> "warm-up: " + concurrency + " sessions and " + calls
                        + " phone calls (SIP, Twilio) at a time for " + duration.toSeconds() + " s on ports "
                        + server.port() + ", " + sipPort);
                return WarmUpDriver.run(server.port(), apiKey, sipPort, duration, concurrency, calls,
                                        providers::requests);
            } finally {
                server.stop();
                engine.close();
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    /** A free UDP port on 127.0.0.1 for the training engine's SIP user agent (whose Contact names its port). */
    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("engine-warm-up");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "warm-up: could not delete " + dir + ": " + e);
        }
    }
}
