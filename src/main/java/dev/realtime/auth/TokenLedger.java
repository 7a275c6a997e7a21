package dev.realtime.auth;

import java.time.Instant;

/**
 * The ids of single-use tokens that have opened a session ({@code TOKEN_SINGLE_USE}), each remembered until its token
 * expires; after that the token is refused as expired anyway. In memory for one replica ({@link MemoryTokenLedger}),
 * in Redis when replicas share one ({@code REDIS_URL}). Thread-safe; claims come from upgrading connections' threads.
 */
public interface TokenLedger {
    /**
     * Records the first use of a token.
     *
     * @param tokenId   the token's {@code jti}
     * @param expiresAt when the token expires (then it is forgotten)
     * @return true for the first use, false when the token has been used before
     * @throws TokenLedgerException when the ledger cannot tell (its store is unreachable): the token is not admitted
     */
    boolean claim(String tokenId, Instant expiresAt);
}
