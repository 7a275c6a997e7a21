package dev.realtime.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.protocol.Dialect;

/**
 * Mints and verifies {@code ek_} tokens: {@code ek_} followed by an HS256 JWT with {@code iss}, {@code sub} (app
 * id), {@code iat}, {@code exp}, {@code jti} and optional session defaults. Thread-safe.
 */
public final class TokenService {
    /** Token prefix. */
    public static final String PREFIX = "ek_";
    /** Issuer claim. */
    public static final String ISSUER = "realtime-engine";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Algorithm algorithm;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final Clock clock;

    private TokenService(String secret, Duration defaultTtl, Duration maxTtl, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.clock = clock;
    }

    /**
     * A token service.
     *
     * @param secret     HS256 secret
     * @param defaultTtl lifetime when a request names none
     * @param maxTtl     the longest lifetime a request may ask for
     * @param clock      clock for {@code iat}/{@code exp} and verification
     * @return service
     */
    public static TokenService create(String secret, Duration defaultTtl, Duration maxTtl, Clock clock) {
        return new TokenService(secret, defaultTtl, maxTtl, clock);
    }

    /** The longest lifetime a mint request may ask for ({@code TOKEN_MAX_TTL_SECONDS}). */
    public Duration maxTtl() {
        return maxTtl;
    }

    /**
     * Checks a requested lifetime against the maximum.
     *
     * @param ttl requested lifetime
     * @throws TokenLifetimeException when it is longer than {@link #maxTtl()}
     */
    public void checkLifetime(Duration ttl) {
        if (ttl.compareTo(maxTtl) > 0) {
            throw new TokenLifetimeException(ttl, maxTtl);
        }
    }

    /**
     * Mints a token.
     *
     * @param appId    application id ({@code sub})
     * @param ttl      requested lifetime; the default when empty
     * @param defaults session defaults to carry
     * @return the token
     * @throws TokenLifetimeException when the requested lifetime is longer than the maximum (never cut silently)
     */
    public MintedToken mint(String appId, Optional<Duration> ttl, Optional<SessionDefaults> defaults) {
        Duration lifetime = ttl.orElse(defaultTtl);
        checkLifetime(lifetime);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        JWTCreator.Builder jwt = JWT.create()
                .withIssuer(ISSUER)
                .withSubject(appId)
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .withJWTId(id);
        defaults.ifPresent(d -> {
            jwt.withClaim("dialect", d.dialect().name()).withClaim("session", MAPPER.convertValue(d.session(), MAP));
            d.preset().ifPresent(p -> jwt.withClaim("preset", p));
        });
        return new MintedToken(PREFIX + jwt.sign(algorithm), expires, id);
    }

    /**
     * Verifies a token.
     *
     * @param token presented token
     * @return who it identifies
     * @throws AuthException when the token is malformed, wrongly prefixed, badly signed, unsigned or expired
     */
    public Principal verify(String token) {
        if (!token.startsWith(PREFIX)) {
            throw new AuthException("token must start with " + PREFIX);
        }
        // BaseVerification.build(Clock) lets tests and verification share the injected clock
        JWTVerifier verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER)).build(clock);
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token.substring(PREFIX.length()));
        } catch (TokenExpiredException e) {
            throw new AuthException("token expired");
        } catch (AlgorithmMismatchException | SignatureVerificationException e) {
            throw new AuthException("token signature is not valid");
        } catch (JWTVerificationException e) {
            throw new AuthException("token is not valid");
        }
        Claim session = jwt.getClaim("session");
        Optional<SessionDefaults> defaults = Optional.empty();
        if (!session.isMissing() && !session.isNull()) {
            Dialect dialect = Dialect.valueOf(jwt.getClaim("dialect").asString());
            defaults = Optional.of(new SessionDefaults(dialect, MAPPER.valueToTree(session.asMap()),
                                                       Optional.ofNullable(jwt.getClaim("preset").asString())));
        }
        return new Principal(jwt.getSubject(), Optional.ofNullable(jwt.getId()),
                             Optional.ofNullable(jwt.getExpiresAtAsInstant()), defaults);
    }
}
