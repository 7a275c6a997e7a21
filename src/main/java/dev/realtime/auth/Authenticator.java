package dev.realtime.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a WebSocket upgrade may open a session and for whom: the page's {@code Origin} against
 * {@code ALLOWED_ORIGINS}, then an {@code ek_} token (or the engine API key itself, for server-to-server clients),
 * and with {@code TOKEN_SINGLE_USE} the token's first use. Thread-safe; runs on the upgrading connection's thread.
 */
public final class Authenticator {
    private final TokenService tokens;
    private final ApiKeyGuard apiKey;
    private final OriginPolicy origins;
    private final Optional<TokenLedger> singleUse;

    private Authenticator(TokenService tokens, ApiKeyGuard apiKey, OriginPolicy origins,
                          Optional<TokenLedger> singleUse) {
        this.tokens = tokens;
        this.apiKey = apiKey;
        this.origins = origins;
        this.singleUse = singleUse;
    }

    /**
     * An authenticator.
     *
     * @param tokens    token service
     * @param apiKey    engine API key guard
     * @param origins   which web pages may open sessions
     * @param singleUse the used tokens' ledger when each token opens one session only; empty when tokens may be
     *                  reused until they expire
     * @return authenticator
     */
    public static Authenticator create(TokenService tokens, ApiKeyGuard apiKey, OriginPolicy origins,
                                       Optional<TokenLedger> singleUse) {
        return new Authenticator(tokens, apiKey, origins, singleUse);
    }

    /** Which web pages may open sessions. */
    public OriginPolicy origins() {
        return origins;
    }

    /**
     * Authenticates a presented credential. With single-use tokens this does not yet use the token up: see
     * {@link #claim(Principal)}, called once the session is sure to open.
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
            return new Principal("engine", Optional.empty(), Optional.empty(), Optional.empty());
        }
        return tokens.verify(credential.get());
    }

    /**
     * Uses up a single-use token as its session opens; nothing to do for reusable tokens and the engine API key.
     *
     * @param principal who the session is for, from {@link #authenticate(Optional)}
     * @throws AuthException        when the token has opened a session before
     * @throws TokenLedgerException when the ledger cannot tell (its Redis failed): the token is not admitted
     */
    public void claim(Principal principal) {
        if (singleUse.isEmpty() || principal.tokenId().isEmpty()) {
            return;
        }
        if (!singleUse.get().claim(principal.tokenId().get(), principal.expiresAt().orElse(Instant.MAX))) {
            throw new AuthException("token already used: each ek_ token opens one session (TOKEN_SINGLE_USE); "
                                            + "mint a new one");
        }
    }
}
