package dev.realtime.telephony.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.testing.Metrics;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.TestEngine;

/**
 * What the SIP tests call: the harness's provider simulator, an engine on 127.0.0.1 whose LLM, STT and TTS are the
 * simulator's OpenAI-compatible endpoints, and the engine's SIP user agent on a free port. Test thread.
 */
final class SipRig implements AutoCloseable {
    private final ProviderSimulator simulator;
    private final TestEngine engine;
    private final SipServer sip;
    private final int port;

    private SipRig(ProviderSimulator simulator, TestEngine engine, SipServer sip, int port) {
        this.simulator = simulator;
        this.engine = engine;
        this.sip = sip;
        this.port = port;
    }

    /** Starts it all; {@code env} adds to or overrides the SIP settings (allowed CIDRs 127.0.0.1/32). */
    static SipRig start(Map<String, String> env) {
        return start(env, "");
    }

    /** Starts it all with {@code DATA_DIR/config/runtime.yaml} written first (presets for PHONE_ROUTES). */
    static SipRig start(Map<String, String> env, String runtimeYaml) {
        Sipp.requireInstalled();
        ProviderSimulator simulator = ProviderSimulator.start();
        try {
            String v1 = simulator.openAiBaseUrl().toString();
            int port = Sipp.freeUdpPort("127.0.0.1");
            Map<String, String> all = new HashMap<>(Map.ofEntries(
                    Map.entry("LLM_PROVIDER", "openai-compatible"), Map.entry("OPENAI_COMPATIBLE_BASE_URL", v1),
                    Map.entry("OPENAI_COMPATIBLE_MODEL", "fake-llm"),
                    Map.entry("STT_PROVIDER", "openai-compatible"), Map.entry("STT_BASE_URL", v1),
                    Map.entry("STT_MODEL", "fake-stt"),
                    Map.entry("TTS_PROVIDER", "openai-compatible"), Map.entry("TTS_BASE_URL", v1),
                    Map.entry("TTS_MODEL", "fake-tts"), Map.entry("TTS_VOICE", "alloy"),
                    Map.entry("SIP_PORT", String.valueOf(port)), Map.entry("SIP_HOST", "127.0.0.1"),
                    Map.entry("SIP_RTP_PORTS", "41000-41999"), Map.entry("SIP_ALLOWED_CIDRS", "127.0.0.1/32")));
            all.putAll(env);
            TestEngine engine = TestEngine.start(all, runtimeYaml);
            try {
                return new SipRig(simulator, engine, SipServer.start(engine.engine().config().sip().orElseThrow(),
                                                                     engine.engine().phones()), port);
            } catch (RuntimeException | Error e) {
                engine.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            simulator.close();
            throw e;
        }
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    SipServer sip() {
        return sip;
    }

    TestEngine engine() {
        return engine;
    }

    /** sipp's arguments for one call of a scenario from a local address to the engine's number 100. */
    List<String> sippArgs(String localAddress, Path scenario) {
        return sippArgs(localAddress, scenario, "100");
    }

    /** sipp's arguments for one call of a scenario from a local address to a number of the engine. */
    List<String> sippArgs(String localAddress, Path scenario, String number) {
        return List.of("127.0.0.1:" + port, "-sf", scenario.toAbsolutePath().toString(), "-s", number,
                       "-m", "1", "-l", "1", "-i", localAddress, "-p", String.valueOf(Sipp.freeUdpPort(localAddress)),
                       "-mi", localAddress, "-mp", String.valueOf(Sipp.freeUdpPort(localAddress)),
                       "-timeout", "50s", "-timeout_error", "-nostdin", "-trace_err");
    }

    /** A series' value in the engine's /metrics now; {@code label} picks among labelled series. */
    double metric(String name, Optional<String> label) {
        String scrape;
        try {
            scrape = Metrics.scrape(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            if (label.map(m.group(1)::contains).orElse(true)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " " + label.orElse("") + " not in the scrape");
    }

    /** Waits until no session is open: the end of a call is seen on the engine's own threads after sipp has gone. */
    void awaitNoSession() {
        awaitTrue("realtime_sessions_active back to 0",
                  () -> metric("realtime_sessions_active", Optional.empty()) == 0 && sip.activeCalls() == 0);
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Override
    public void close() {
        try {
            sip.close();
        } finally {
            try {
                engine.close();
            } finally {
                simulator.close();
            }
        }
    }
}
