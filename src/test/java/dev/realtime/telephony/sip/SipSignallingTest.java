package dev.realtime.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.G711;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The SIP dialogue around a call, with sipp against an engine that asks for digest credentials and whose calls
 * last one second (MAX_CALL_DURATION_MS): OPTIONS pings, the 401 challenge and its answer, a wrong password, an
 * offer without G.711 (488), and the engine's own BYE after the goodbye line has played.
 */
class SipSignallingTest {
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
    private static final Path WORK = Path.of("target/sip");
    private static final String USER = "trunk";
    private static final String PASSWORD = "s3cret-trunk";

    private static SipRig rig;

    @BeforeAll
    static void start() {
        rig = SipRig.start(Map.of("SIP_USERNAME", USER, "SIP_PASSWORD", PASSWORD, "MAX_CALL_DURATION_MS", "1000"));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void optionsPingsAreAnsweredWithWhatTheEngineAllows() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("options"));
        Path scenario = Sipp.scenario("options.xml", Map.of(), dir);
        Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
        assertThat("sipp: OPTIONS got 200 with Allow: INVITE ... BYE\n" + result.output(), result.exit(), is(0));
    }

    @Test
    void theEngineListensOnTcpToo() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("options-tcp"));
        Path scenario = Sipp.scenario("options.xml", Map.of(), dir);
        List<String> args = new ArrayList<>(rig.sippArgs("127.0.0.1", scenario));
        args.addAll(List.of("-t", "t1"));
        Sipp.Result result = Sipp.run(dir, args, SIPP_LIMIT);
        assertThat("sipp over TCP: OPTIONS got 200\n" + result.output(), result.exit(), is(0));
    }

    @Test
    void anAuthenticatedCallIsAnsweredAndTheEngineHangsUpAfterTheGoodbyeHasPlayed() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("authenticated"));
        double unauthorizedBefore = rig.metric("realtime_sip_calls_total", Optional.of("outcome=\"unauthorized\""));
        try (RtpRecorder ear = new RtpRecorder()) {
            Path scenario = Sipp.scenario("authenticated-call.xml", Map.of(
                    "RECORDER", String.valueOf(ear.port()), "FORMATS", "0", "USER", USER, "PASSWORD", PASSWORD), dir);
            Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
            assertThat("sipp: 401, then 200 to the answer, then the engine's BYE\n" + result.output(),
                       result.exit(), is(0));
            List<RtpPacket> heard = ear.arrivals().stream().map(RtpRecorder.Arrival::packet).toList();
            int loud = 0;
            for (RtpPacket packet : heard) {
                for (byte b : packet.payload()) {
                    loud += Math.abs(G711.ulawToLinear(b)) > 1000 ? 1 : 0;
                }
            }
            assertThat("the goodbye line played before the BYE (samples at 8 kHz)", loud, greaterThanOrEqualTo(4000));
        }
        assertThat("the first INVITE was challenged",
                   rig.metric("realtime_sip_calls_total", Optional.of("outcome=\"unauthorized\"")),
                   is(unauthorizedBefore + 1));
        rig.awaitNoSession();
    }

    @Test
    void aWrongPasswordIsChallengedAgainAndOpensNoSession() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("wrong-password"));
        double sessionsBefore = rig.metric("realtime_sessions_total", Optional.empty());
        Path scenario = Sipp.scenario("refused-after-challenge.xml", Map.of(
                "RECORDER", "40000", "FORMATS", "0", "USER", USER, "PASSWORD", "not-the-password", "STATUS", "401"),
                dir);
        Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
        assertThat("sipp: 401 to the wrong answer too\n" + result.output(), result.exit(), is(0));
        assertThat(rig.metric("realtime_sessions_total", Optional.empty()), is(sessionsBefore));
    }

    @Test
    void anOfferWithoutG711IsNotAcceptable() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("g729"));
        double sessionsBefore = rig.metric("realtime_sessions_total", Optional.empty());
        Path scenario = Sipp.scenario("refused-after-challenge.xml", Map.of(
                "RECORDER", "40000", "FORMATS", "18", "USER", USER, "PASSWORD", PASSWORD, "STATUS", "488"), dir);
        Sipp.Result result = Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), SIPP_LIMIT);
        assertThat("sipp: 488 to a G.729-only offer\n" + result.output(), result.exit(), is(0));
        assertThat(rig.metric("realtime_sessions_total", Optional.empty()), is(sessionsBefore));
        assertThat(rig.metric("realtime_sip_calls_total", Optional.of("outcome=\"unsupported_media\"")),
                   greaterThan(0.0));
    }
}
