package dev.realtime.auth;

import java.util.Optional;

/**
 * Decides who a WebSocket upgrade belongs to: an {@code ek_} token, or the engine API key itself for
 * server-to-server clients. Thread-safe; runs on the upgrading connection's thread.
 */
public final class Authenticator {
    private final TokenService tokens;
    private final ApiKeyGuard apiKey;

    private Authenticator(TokenService tokens, ApiKeyGuard apiKey) {
        this.tokens = tokens;
        this.apiKey = apiKey;
    }

    /**
     * An authenticator.
     *
     * @param tokens token service
     * @param apiKey engine API key guard
     * @return authenticator
     */
    public static Authenticator create(TokenService tokens, ApiKeyGuard apiKey) {
        return new Authenticator(tokens, apiKey);
    }

    /**
     * Authenticates a presented credential.
     *
     * @param credential the credential, if any
     * @return the principal
     * @throws AuthException when it is missing or not acceptable
     */
    public Principal authenticate(Optional<String> credential) {
        if (credential.isEmpty()) {
            throw new AuthException("missing credential: send an ek_ token as 'Authorization: Bearer <token>'");
        }
        if (apiKey.matches(credential.get())) {
            return new Principal("engine", Optional.empty(), Optional.empty());
        }
        return tokens.verify(credential.get());
    }
}
