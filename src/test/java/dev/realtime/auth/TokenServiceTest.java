package dev.realtime.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.Dialect;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenServiceTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final TokenService tokens = TokenService.create(SECRET, Duration.ofSeconds(300), Duration.ofHours(1),
                                                            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void mintedTokenVerifiesWithItsClaims() throws Exception {
        var session = new ObjectMapper().readTree("{\"instructions\":\"Be brief.\",\"audio\":{\"output\":"
                                                          + "{\"voice\":\"cedar\"}}}");
        MintedToken token = tokens.mint("app-1", Optional.empty(),
                                        Optional.of(new SessionDefaults(Dialect.GA, session)));
        assertThat(token.value(), startsWith("ek_"));
        assertThat(token.expiresAt(), is(NOW.plusSeconds(300)));
        var jwt = JWT.decode(token.value().substring(3));
        assertThat(jwt.getAlgorithm(), is("HS256"));
        assertThat(jwt.getIssuer(), is(TokenService.ISSUER));
        assertThat(jwt.getIssuedAtAsInstant(), is(NOW));
        assertThat(jwt.getId(), is(token.id()));
        Principal p = tokens.verify(token.value());
        assertThat(p.appId(), is("app-1"));
        assertThat(p.tokenId(), is(Optional.of(token.id())));
        assertThat(p.defaults().orElseThrow().session(), is(session));
        assertThat(p.defaults().orElseThrow().dialect(), is(Dialect.GA));
    }

    @Test
    void requestedLifetimeAboveTheMaximumIsRefusedNamingIt() {
        TokenLifetimeException e = assertThrows(TokenLifetimeException.class,
                () -> tokens.mint("a", Optional.of(Duration.ofDays(2)), Optional.empty()));
        assertThat(e.getMessage(), containsString("at most 3600 seconds (TOKEN_MAX_TTL_SECONDS)"));
        assertThat(e.maximum(), is(Duration.ofHours(1)));
        MintedToken longest = tokens.mint("a", Optional.of(Duration.ofHours(1)), Optional.empty());
        assertThat(longest.expiresAt(), is(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void verifiedPrincipalCarriesTheExpiry() {
        MintedToken token = tokens.mint("a", Optional.of(Duration.ofSeconds(90)), Optional.empty());
        assertThat(tokens.verify(token.value()).expiresAt(), is(Optional.of(NOW.plusSeconds(90))));
    }

    @Test
    void expiredTokenIsRefused() {
        MintedToken token = tokens.mint("a", Optional.of(Duration.ofSeconds(10)), Optional.empty());
        TokenService later = TokenService.create(SECRET, Duration.ofSeconds(300), Duration.ofHours(1),
                                                 Clock.fixed(NOW.plusSeconds(11), ZoneOffset.UTC));
        AuthException e = assertThrows(AuthException.class, () -> later.verify(token.value()));
        assertThat(e.getMessage(), containsString("expired"));
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        TokenService other = TokenService.create("another-secret-another-secret-another", Duration.ofSeconds(300),
                                                 Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        String forged = other.mint("a", Optional.empty(), Optional.empty()).value();
        assertThat(assertThrows(AuthException.class, () -> tokens.verify(forged)).getMessage(),
                   containsString("signature"));
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"" + TokenService.ISSUER + "\",\"sub\":\"a\",\"exp\":"
                                     + NOW.plusSeconds(60).getEpochSecond() + "}");
        assertThrows(AuthException.class, () -> tokens.verify("ek_" + header + "." + payload + "."));
        String noneSigned = JWT.create().withIssuer(TokenService.ISSUER).withSubject("a")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.none());
        assertThrows(AuthException.class, () -> tokens.verify("ek_" + noneSigned));
    }

    @Test
    void wronglyPrefixedOrGarbageTokensAreRefused() {
        String jwt = tokens.mint("a", Optional.empty(), Optional.empty()).value().substring(3);
        assertThat(assertThrows(AuthException.class, () -> tokens.verify(jwt)).getMessage(),
                   containsString("ek_"));
        assertThrows(AuthException.class, () -> tokens.verify("ek_garbage"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
