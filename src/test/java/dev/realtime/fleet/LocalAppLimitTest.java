package dev.realtime.fleet;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;


/**
 * {@code MAX_SESSIONS_PER_APP} without Redis counts this replica's own sessions of each app, and like
 * {@code MAX_SESSIONS} it can be changed at runtime.
 */
class LocalAppLimitTest {
    private static String tokenOf(TestEngine engine, String app) {
        return engine.engine().tokens().mint(app, Optional.empty(), Optional.empty()).value();
    }

    @Test
    void eachAppHasItsOwnLimit() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_SESSIONS_PER_APP", "1"));
             WsTestClient two = FleetLimitsTest.open(engine, tokenOf(engine, "app-two"))) {
            WsTestClient one = FleetLimitsTest.open(engine, tokenOf(engine, "app-one"));
            FleetLimitsTest.assertRefused(FleetLimitsTest.refused(engine, tokenOf(engine, "app-one")),
                                          "app app-one is at its limit of 1 concurrent sessions "
                                                  + "(MAX_SESSIONS_PER_APP)");
            one.close();
            FleetLimitsTest.await("app-one's session has ended", () -> engine.engine().sessions().openSessions() == 1);
            WsTestClient again = FleetLimitsTest.open(engine, tokenOf(engine, "app-one"));
            engine.engine().store().apply(new ObjectMapper().readTree("{\"limits\":{\"max_sessions_per_app\":2}}"));
            FleetLimitsTest.open(engine, tokenOf(engine, "app-one")).close();
            again.close();
        }
    }
}
