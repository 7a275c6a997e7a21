package dev.realtime.telephony.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.G711;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.Metrics;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * A phone call placed by sipp against the engine's SIP user agent on 127.0.0.1, the engine's providers being the
 * harness's simulator: the caller's speech goes as PCMU RTP from a pcap the test writes, the answer's RTP comes back
 * to the caller's ear ({@link RtpRecorder}), BYE ends the session. A caller outside SIP_ALLOWED_CIDRS gets 403.
 */
class SipCallTest {
    private static final Path WORK = Path.of("target/sip");
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
    private static final int LEAD_MS = 200;
    private static final int TAIL_MS = 1500;
    /** The answer's time on the line after the caller's speech: the simulator's two 1 s sentences and then some. */
    private static final int ANSWER_MS = 6000;

    private static ProviderSimulator simulator;
    private static TestEngine engine;
    private static SipServer sip;
    private static int sipPort;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        simulator = ProviderSimulator.start();
        String v1 = simulator.openAiBaseUrl().toString();
        sipPort = Sipp.freeUdpPort("127.0.0.1");
        engine = TestEngine.start(Map.ofEntries(
                Map.entry("LLM_PROVIDER", "openai-compatible"), Map.entry("OPENAI_COMPATIBLE_BASE_URL", v1),
                Map.entry("OPENAI_COMPATIBLE_MODEL", "fake-llm"),
                Map.entry("STT_PROVIDER", "openai-compatible"), Map.entry("STT_BASE_URL", v1),
                Map.entry("STT_MODEL", "fake-stt"),
                Map.entry("TTS_PROVIDER", "openai-compatible"), Map.entry("TTS_BASE_URL", v1),
                Map.entry("TTS_MODEL", "fake-tts"), Map.entry("TTS_VOICE", "alloy"),
                Map.entry("SIP_PORT", String.valueOf(sipPort)), Map.entry("SIP_HOST", "127.0.0.1"),
                Map.entry("SIP_RTP_PORTS", "41000-41199"), Map.entry("SIP_ALLOWED_CIDRS", "127.0.0.1/32")));
        sip = SipServer.start(engine.engine().config().sip().orElseThrow(), engine.engine().phones());
    }

    @AfterAll
    static void stop() {
        try {
            if (sip != null) {
                sip.close();
            }
        } finally {
            try {
                if (engine != null) {
                    engine.close();
                }
            } finally {
                if (simulator != null) {
                    simulator.close();
                }
            }
        }
    }

    @Test
    void aCallIsAnsweredHeardAndEndedByTheCallersBye() throws Exception {
        SpeechFixture speech = SpeechFixture.load("weather.wav");
        Path dir = Files.createDirectories(WORK.resolve("call"));
        Path pcap = dir.resolve("weather-pcmu.pcap").toAbsolutePath();
        Pcap.write(pcap, Pcap.audio(speech.bytes(AudioFormat.PCMU, LEAD_MS, TAIL_MS), Codec.PCMU.payloadType(), 1000));
        double sessionsBefore = sample(scrape(), "realtime_sessions_total", Optional.empty());
        try (RtpRecorder ear = new RtpRecorder()) {
            long listen = LEAD_MS + speech.millis() + TAIL_MS + ANSWER_MS;
            Path scenario = Sipp.scenario("call.xml", Map.of("RECORDER", String.valueOf(ear.port()),
                                                              "PCAP", pcap.toString(),
                                                              "LISTEN_MS", String.valueOf(listen)), dir);
            Sipp.Result result = Sipp.run(dir, sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
            assertThat("sipp: the call was answered and its BYE accepted\n" + result.output(), result.exit(), is(0));

            List<RtpRecorder.Arrival> heard = ear.arrivals();
            assertThat("the answer came back as RTP", heard.size(), greaterThan(25));
            List<RtpPacket> packets = heard.stream().map(RtpRecorder.Arrival::packet).toList();
            assertThat(packets.stream().map(RtpPacket::payloadType).toList(), everyItem(is(0)));
            assertThat(packets.stream().map(p -> p.payload().length).toList(), everyItem(is(160)));
            assertThat(packets.stream().map(RtpPacket::ssrc).distinct().count(), is(1L));
            assertThat("a talk spurt starts with the marker bit", packets.getFirst().marker(), is(true));
            for (int i = 1; i < packets.size(); i++) {
                RtpPacket previous = packets.get(i - 1);
                RtpPacket packet = packets.get(i);
                assertThat("sequence numbers follow on at " + i, packet.sequence(),
                           is((previous.sequence() + 1) & 0xFFFF));
                long step = (packet.timestamp() - previous.timestamp()) & 0xFFFFFFFFL;
                assertThat("the timestamp moves on by whole 20 ms frames at " + i, step % 160, is(0L));
                assertThat("a pause before packet " + i + " starts a talk spurt", packet.marker(), is(step > 160));
            }
            int loud = 0;
            for (RtpPacket packet : packets) {
                for (byte b : packet.payload()) {
                    loud += Math.abs(G711.ulawToLinear(b)) > 1000 ? 1 : 0;
                }
            }
            assertThat("the answer decodes to at least a second of sound (samples at 8 kHz)", loud,
                       greaterThanOrEqualTo(8000));
        }
        awaitTrue("realtime_sessions_active back to 0 after BYE",
                  () -> sample(scrape(), "realtime_sessions_active", Optional.empty()) == 0);
        assertThat("the call had a session of its own", sample(scrape(), "realtime_sessions_total", Optional.empty()),
                   is(sessionsBefore + 1));
        assertThat("no call is left", sip.activeCalls(), is(0));
    }

    @Test
    void aKeyPressedOnTheCallersPhoneReachesTheConversationOnceAndIsAnswered() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("dtmf"));
        Path pcap = dir.resolve("key-7.pcap").toAbsolutePath();
        byte[] silence = new byte[8 * 200];
        Arrays.fill(silence, (byte) 0xFF);
        List<RtpPacket> packets = new ArrayList<>(Pcap.audio(silence, 0, 1000));
        packets.addAll(Pcap.key('7', 101, 1010, 8000 + 10 * 160));
        packets.addAll(Pcap.audio(silence, 0, 1018).stream()
                               .map(p -> new RtpPacket(0, false, p.sequence(), p.timestamp() + 18 * 160, p.ssrc(),
                                                       p.payload())).toList());
        Pcap.write(pcap, packets);
        long since = simulator.lastCall();
        try (RtpRecorder ear = new RtpRecorder()) {
            Path scenario = Sipp.scenario("call.xml", Map.of("RECORDER", String.valueOf(ear.port()),
                                                              "PCAP", pcap.toString(), "LISTEN_MS", "4000"), dir);
            Sipp.Result result = Sipp.run(dir, sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
            assertThat("sipp: the call was answered and its BYE accepted\n" + result.output(), result.exit(), is(0));
            assertThat("the key press was answered with audio", ear.arrivals().size(), greaterThan(25));
        }
        List<String> chats = simulator.calls(since).stream().map(JsonNode::toString)
                .filter(c -> c.contains("pressed 7 on the keypad")).toList();
        assertThat("one model request carries the key (the end packets repeat, the key counts once)",
                   chats.stream().filter(c -> c.indexOf("pressed 7") != c.lastIndexOf("pressed 7")).count(), is(0L));
        assertThat(chats.size(), greaterThanOrEqualTo(1));
        awaitTrue("realtime_sessions_active back to 0 after BYE",
                  () -> sample(scrape(), "realtime_sessions_active", Optional.empty()) == 0);
    }

    @Test
    void aCallerOutsideTheAllowedAddressesIsRefusedWith403() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("forbidden"));
        double sessionsBefore = sample(scrape(), "realtime_sessions_total", Optional.empty());
        double forbiddenBefore = sample(scrape(), "realtime_sip_calls_total", Optional.of("outcome=\"forbidden\""));
        Path scenario = Sipp.scenario("forbidden.xml", Map.of(), dir);
        Sipp.Result result = Sipp.run(dir, sippArgs("127.0.0.2", scenario), SIPP_LIMIT);
        assertThat("sipp from 127.0.0.2: the INVITE got 403\n" + result.output(), result.exit(), is(0));
        assertThat(sample(scrape(), "realtime_sip_calls_total", Optional.of("outcome=\"forbidden\"")),
                   is(forbiddenBefore + 1));
        assertThat("no session was opened", sample(scrape(), "realtime_sessions_total", Optional.empty()),
                   is(sessionsBefore));
    }

    private static List<String> sippArgs(String localAddress, Path scenario) {
        return List.of("127.0.0.1:" + sipPort, "-sf", scenario.toAbsolutePath().toString(), "-s", "100",
                       "-m", "1", "-l", "1", "-i", localAddress, "-p", String.valueOf(Sipp.freeUdpPort(localAddress)),
                       "-mi", localAddress, "-mp", String.valueOf(Sipp.freeUdpPort(localAddress)),
                       "-timeout", "50s", "-timeout_error", "-nostdin", "-trace_err");
    }

    private static String scrape() {
        try {
            return Metrics.scrape(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double sample(String scrape, String name, Optional<String> label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            if (label.map(m.group(1)::contains).orElse(true)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " " + label.orElse("") + " not in the scrape");
    }

    /** Waits for what the engine reaches by itself after sipp has gone (the session's end on its own thread). */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
