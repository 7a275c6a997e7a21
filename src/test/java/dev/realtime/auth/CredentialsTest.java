package dev.realtime.auth;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class CredentialsTest {
    @Test
    void findsTheCredentialInEveryPlaceClientsPutIt() {
        assertThat(Credentials.find(Optional.of("Bearer ek_a"), Optional.empty(), List.of(), Optional.empty()),
                   is(Optional.of("ek_a")));
        assertThat(Credentials.find(Optional.empty(), Optional.of("ek_b"), List.of(), Optional.empty()),
                   is(Optional.of("ek_b")));
        assertThat(Credentials.find(Optional.empty(), Optional.empty(),
                                    List.of("realtime", "openai-insecure-api-key.ek_c", "openai-beta.realtime-v1"),
                                    Optional.empty()),
                   is(Optional.of("ek_c")));
        assertThat(Credentials.find(Optional.empty(), Optional.empty(),
                                    List.of("realtime", "openai-insecure-api-key", "ek_d"), Optional.empty()),
                   is(Optional.of("ek_d")));
        assertThat(Credentials.find(Optional.empty(), Optional.empty(), List.of("realtime", "ek_e"),
                                    Optional.empty()),
                   is(Optional.of("ek_e")));
        assertThat(Credentials.find(Optional.empty(), Optional.empty(), List.of(), Optional.of("ek_f")),
                   is(Optional.of("ek_f")));
        assertThat(Credentials.find(Optional.of("Basic abc"), Optional.empty(), List.of("realtime"),
                                    Optional.empty()),
                   is(Optional.empty()));
    }

    @Test
    void splitsSubprotocolHeaders() {
        assertThat(Credentials.subprotocols(List.of("realtime, openai-insecure-api-key.T", " openai-beta.realtime-v1")),
                   is(List.of("realtime", "openai-insecure-api-key.T", "openai-beta.realtime-v1")));
    }

    @Test
    void apiKeyGuardMatchesOnlyTheKey() {
        ApiKeyGuard guard = ApiKeyGuard.create(Optional.of("s3cret"));
        assertThat(guard.configured(), is(true));
        assertThat(guard.matches("s3cret"), is(true));
        assertThat(guard.matches("s3cre"), is(false));
        assertThat(guard.matches("s3cret "), is(false));
        ApiKeyGuard none = ApiKeyGuard.create(Optional.empty());
        assertThat(none.configured(), is(false));
        assertThat(none.matches(""), is(false));
    }
}
