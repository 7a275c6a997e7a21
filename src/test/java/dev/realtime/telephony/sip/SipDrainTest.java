package dev.realtime.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * SIGTERM with a call on the line, as {@code Main}'s shutdown runs it: the sessions' drain closes the call's session
 * and the engine sends BYE; a call that comes while the engine drains gets 503. Its own engine: a drain refuses
 * every session after it.
 */
class SipDrainTest {
    @Test
    void aDrainHangsUpACallWithABye() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/sip/drain"));
        try (SipRig rig = SipRig.start(Map.of()); RtpRecorder ear = new RtpRecorder()) {
            Path scenario = Sipp.scenario("wait-for-bye.xml", Map.of("RECORDER", String.valueOf(ear.port())), dir);
            CompletableFuture<Sipp.Result> sipp = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sipp.run(dir, rig.sippArgs("127.0.0.1", scenario), Duration.ofSeconds(60));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SipRig.awaitTrue("the call answered and its session open", () -> rig.sip().activeCalls() == 1
                    && rig.metric("realtime_sessions_active", Optional.empty()) == 1);
            assertThat("sessions closed by the drain", rig.engine().engine().sessions().drain(Duration.ofMillis(200)),
                       is(1));
            Sipp.Result result = sipp.get(60, TimeUnit.SECONDS);
            assertThat("sipp: the engine's BYE came and was answered\n" + result.output(), result.exit(), is(0));
            Path refused = Sipp.scenario("refused.xml", Map.of("STATUS", "503"), dir);
            Sipp.Result late = Sipp.run(dir, rig.sippArgs("127.0.0.1", refused), Duration.ofSeconds(60));
            assertThat("sipp: a call while the engine drains gets 503\n" + late.output(), late.exit(), is(0));
            assertThat(rig.metric("realtime_phone_calls_refused_total", Optional.of("transport=\"sip\"")), is(1.0));
            rig.sip().close();
            assertThat(rig.sip().activeCalls(), is(0));
        }
    }
}
