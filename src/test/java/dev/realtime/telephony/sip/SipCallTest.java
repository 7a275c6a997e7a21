package dev.realtime.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.G711;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.SpeechFixture;

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

    /** The instructions of the preset that calls to number 200 get. */
    private static final String SUPPORT = "You answer calls to the support line.";

    private static final Optional<String> SIP = Optional.of("transport=\"sip\"");

    private static SipRig rig;

    @BeforeAll
    static void start() {
        rig = SipRig.start(Map.of("PHONE_ROUTES", "200=support"), "presets:\n  support:\n    voices: {instructions: "
                + SUPPORT + "}\n");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aCallIsAnsweredHeardAndEndedByTheCallersBye() throws Exception {
        SpeechFixture speech = SpeechFixture.load("weather.wav");
        Path dir = Files.createDirectories(WORK.resolve("call"));
        Path pcap = dir.resolve("weather-pcmu.pcap").toAbsolutePath();
        Pcap.write(pcap, Pcap.audio(speech.bytes(AudioFormat.PCMU, LEAD_MS, TAIL_MS), Codec.PCMU.payloadType(), 1000));
        double sessionsBefore = rig.metric("realtime_sessions_total", Optional.empty());
        double startedBefore = rig.metric("realtime_phone_calls_started_total", SIP);
        double endedBefore = rig.metric("realtime_phone_calls_ended_total", SIP);
        long since = rig.simulator().lastCall();
        try (RtpRecorder ear = new RtpRecorder()) {
            long listen = LEAD_MS + speech.millis() + TAIL_MS + ANSWER_MS;
            Path scenario = Sipp.scenario("call.xml", Map.of("RECORDER", String.valueOf(ear.port()),
                                                              "PCAP", pcap.toString(),
                                                              "LISTEN_MS", String.valueOf(listen)), dir);
            Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
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
        rig.awaitNoSession();
        assertThat("the call had a session of its own", rig.metric("realtime_sessions_total", Optional.empty()),
                   is(sessionsBefore + 1));
        assertThat("no call is left", rig.sip().activeCalls(), is(0));
        assertThat(rig.metric("realtime_phone_calls_started_total", SIP), is(startedBefore + 1));
        assertThat(rig.metric("realtime_phone_calls_ended_total", SIP), is(endedBefore + 1));
        List<String> chats = chats(since);
        assertThat("the model answered the call", chats.size(), greaterThanOrEqualTo(1));
        assertThat("number 100 is not routed: the engine's own instructions",
                   chats.stream().filter(c -> c.contains(SUPPORT)).count(), is(0L));
    }

    /** The chat requests (with their messages) the simulator got after a call of its. */
    private static List<String> chats(long since) {
        return rig.simulator().calls(since).stream().filter(c -> "chat".equals(c.path("kind").asText()))
                .map(JsonNode::toString).toList();
    }

    @Test
    void aKeyPressReachesTheConversationOnceAndIsAnsweredByThePresetItsNumberRoutesTo() throws Exception {
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
        long since = rig.simulator().lastCall();
        try (RtpRecorder ear = new RtpRecorder()) {
            Path scenario = Sipp.scenario("call.xml", Map.of("RECORDER", String.valueOf(ear.port()),
                                                              "PCAP", pcap.toString(), "LISTEN_MS", "4000"), dir);
            Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario, "200"), SIPP_LIMIT);
            assertThat("sipp: the call was answered and its BYE accepted\n" + result.output(), result.exit(), is(0));
            assertThat("the key press was answered with audio", ear.arrivals().size(), greaterThan(25));
        }
        List<String> chats = chats(since).stream().filter(c -> c.contains("pressed 7 on the keypad")).toList();
        assertThat("one model request carries the key (the end packets repeat, the key counts once)",
                   chats.stream().filter(c -> c.indexOf("pressed 7") != c.lastIndexOf("pressed 7")).count(), is(0L));
        assertThat(chats.size(), greaterThanOrEqualTo(1));
        assertThat("number 200 is routed to the support preset (PHONE_ROUTES)",
                   chats.stream().allMatch(c -> c.contains(SUPPORT)), is(true));
        rig.awaitNoSession();
    }

    @Test
    void aReInviteInTheCallIsAnsweredWithTheSameAnswerAndTheCallGoesOn() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("reinvite"));
        try (RtpRecorder ear = new RtpRecorder()) {
            Path scenario = Sipp.scenario("reinvite.xml", Map.of("RECORDER", String.valueOf(ear.port())), dir);
            Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
            assertThat("sipp: 200 with SDP to the re-INVITE, then BYE accepted\n" + result.output(), result.exit(),
                       is(0));
        }
        rig.awaitNoSession();
    }

    @Test
    void aCallerOutsideTheAllowedAddressesIsRefusedWith403() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("forbidden"));
        double sessionsBefore = rig.metric("realtime_sessions_total", Optional.empty());
        double forbiddenBefore = rig.metric("realtime_sip_calls_total", Optional.of("outcome=\"forbidden\""));
        Path scenario = Sipp.scenario("refused.xml", Map.of("STATUS", "403"), dir);
        Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.2", scenario), SIPP_LIMIT);
        assertThat("sipp from 127.0.0.2: the INVITE got 403\n" + result.output(), result.exit(), is(0));
        assertThat(rig.metric("realtime_sip_calls_total", Optional.of("outcome=\"forbidden\"")),
                   is(forbiddenBefore + 1));
        assertThat("no session was opened", rig.metric("realtime_sessions_total", Optional.empty()),
                   is(sessionsBefore));
    }
}
