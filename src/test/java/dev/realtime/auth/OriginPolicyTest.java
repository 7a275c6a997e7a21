package dev.realtime.auth;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class OriginPolicyTest {
    private final OriginPolicy listed = OriginPolicy.create(List.of("https://app.example:443",
                                                                    "http://localhost:3000"));

    @Test
    void noOriginIsNotABrowserAndPasses() {
        assertThat(listed.allows(Optional.empty()), is(true));
    }

    @Test
    void listedOriginsPassComparedWithoutTheDefaultPortAndCase() {
        assertThat(listed.allows(Optional.of("https://app.example")), is(true));
        assertThat(listed.allows(Optional.of("HTTPS://App.Example")), is(true));
        assertThat(listed.allows(Optional.of("http://localhost:3000")), is(true));
    }

    @Test
    void otherOriginsAndTheOpaqueOriginAreRefusedWithAReason() {
        assertThat(listed.allows(Optional.of("http://app.example")), is(false));
        assertThat(listed.allows(Optional.of("https://app.example:8443")), is(false));
        assertThat(listed.allows(Optional.of("http://localhost:3001")), is(false));
        assertThat(listed.allows(Optional.of("null")), is(false));
        assertThat(listed.refusal(Optional.of("https://evil.example")).orElseThrow(),
                   containsString("'https://evil.example' is not allowed: add it to ALLOWED_ORIGINS"));
        assertThat(listed.refusal(Optional.of("https://app.example")), is(Optional.empty()));
    }

    @Test
    void anEmptyListAllowsAnyOrigin() {
        OriginPolicy any = OriginPolicy.create(List.of());
        assertThat(any.anyOrigin(), is(true));
        assertThat(any.allows(Optional.of("https://anything.example")), is(true));
        assertThat(any.allows(Optional.of("null")), is(true));
    }

    @Test
    void startupWarnsWhenAnyPageMayUseAnEngineListeningBeyondLoopback() {
        assertThat(OriginPolicy.exposureWarning("0.0.0.0", List.of()).orElseThrow(),
                   containsString("ALLOWED_ORIGINS is not set and the engine listens on 0.0.0.0"));
        assertThat(OriginPolicy.exposureWarning("::", List.of()).isPresent(), is(true));
        assertThat(OriginPolicy.exposureWarning("192.168.1.20", List.of()).isPresent(), is(true));
        assertThat(OriginPolicy.exposureWarning("engine.example.com", List.of()).isPresent(), is(true));
    }

    @Test
    void noWarningOnLoopbackOrWithAnAllowList() {
        for (String host : List.of("127.0.0.1", "127.0.1.1", "localhost", "LOCALHOST", "::1", "[::1]")) {
            assertThat(host, OriginPolicy.exposureWarning(host, List.of()), is(Optional.empty()));
        }
        assertThat(OriginPolicy.exposureWarning("0.0.0.0", List.of("https://app.example")), is(Optional.empty()));
    }
}
