package dev.realtime.admin;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** A requested token lifetime above {@code TOKEN_MAX_TTL_SECONDS} is a 400 naming the maximum, never cut silently. */
class TokenLifetimeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> KEY = Map.of("Authorization", "Bearer " + TestEngine.API_KEY);

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of("TOKEN_MAX_TTL_SECONDS", "600"));

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        assertThat(r.body(), r.statusCode(), is(400));
        return MAPPER.readTree(r.body()).path("error");
    }

    @Test
    void clientSecretsAboveTheMaximumIs400NamingIt() throws Exception {
        String body = "{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":601}}";
        JsonNode error = error(AdminEndpointsTest.post(engine, "/v1/realtime/client_secrets", KEY, body));
        assertThat(error.path("param").asText(), is("expires_after.seconds"));
        assertThat(error.path("message").asText(), containsString("at most 600 seconds"));
        assertThat(error.path("message").asText(), containsString("TOKEN_MAX_TTL_SECONDS"));
    }

    @Test
    void generateTokenAboveTheMaximumIs400NamingIt() throws Exception {
        JsonNode error = error(AdminEndpointsTest.post(engine, "/vowel/api/generateToken", KEY,
                                                       "{\"appId\":\"a\",\"ttlSeconds\":3600}"));
        assertThat(error.path("param").asText(), is("ttlSeconds"));
        assertThat(error.path("message").asText(), containsString("at most 600 seconds"));
    }

    @Test
    void theMaximumItselfIsGranted() throws Exception {
        HttpResponse<String> r = AdminEndpointsTest.post(engine, "/vowel/api/generateToken", KEY,
                                                         "{\"appId\":\"a\",\"ttlSeconds\":600}");
        assertThat(r.body(), r.statusCode(), is(200));
        Instant expires = Instant.parse(MAPPER.readTree(r.body()).path("expiresAt").asText());
        assertThat(expires.getEpochSecond() - Instant.now().getEpochSecond(), lessThanOrEqualTo(600L));
    }
}
