package dev.realtime.admin;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * {@code /health} names a phone route whose preset does not exist, so an operator sees it before a call fails; a
 * route whose preset exists is not named, and a preset added at runtime clears the warning.
 */
class PhoneRoutesHealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String warnings(TestEngine engine) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(engine.httpUri().resolve("/health")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("warnings").toString();
    }

    @Test
    void aRouteToAMissingPresetIsNamedUntilThePresetExists() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("PHONE_ROUTES", "+15551230001=sales,+15551230002=support"),
                                                  "presets:\n  support:\n    voices: {default_voice: ash}\n")) {
            String before = warnings(engine);
            assertThat(before, containsString("+15551230001 to preset sales, which does not exist"));
            assertThat(before, not(containsString("preset support")));
            JsonNode change = new ObjectMapper().readTree("{\"presets\":{\"sales\":{\"voices\":{\"default_voice\":"
                                                                  + "\"sage\"}}}}");
            engine.engine().store().apply(change);
            assertThat(warnings(engine), not(containsString("PHONE_ROUTES")));
        }
    }
}
