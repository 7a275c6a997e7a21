package dev.realtime.fleet;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.realtime.auth.TokenLedger;
import dev.realtime.auth.TokenLedgerException;
import dev.realtime.observe.EngineMetrics;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;

/**
 * Used single-use tokens remembered in the Redis server that replicas share: one key per token,
 * {@code realtime:token:<jti>}, set only if absent and expiring with the token, so the first replica to claim a
 * token wins and Redis forgets it when it could no longer be used anyway. Thread-safe; claims come from upgrading
 * connections' threads.
 */
public final class RedisTokenLedger implements TokenLedger {
    /** The prefix of the ledger's keys. */
    public static final String PREFIX = "realtime:token:";

    /** Longest a token without an expiry is remembered: longer than any token's lifetime (a week). */
    private static final Duration LONGEST = Duration.ofDays(8);

    private static final System.Logger LOGGER = System.getLogger(RedisTokenLedger.class.getName());

    private final RedisLink link;
    private final Clock clock;

    private RedisTokenLedger(RedisLink link, Clock clock) {
        this.link = link;
        this.clock = clock;
        EngineMetrics.registerProviderErrors("redis", "token_claim", List.of("unreachable"));
    }

    /**
     * A ledger on a link.
     *
     * @param link  the engine's Redis link
     * @param clock clock that bounds a token without an expiry
     * @return ledger
     */
    public static RedisTokenLedger create(RedisLink link, Clock clock) {
        return new RedisTokenLedger(link, clock);
    }

    @Override
    public boolean claim(String tokenId, Instant expiresAt) {
        Instant latest = clock.instant().plus(LONGEST);
        long until = (expiresAt.isAfter(latest) ? latest : expiresAt).toEpochMilli();
        try {
            return "OK".equals(link.commands().set(PREFIX + tokenId, "1", SetArgs.Builder.nx().pxAt(until)));
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "token_claim", "unreachable");
            LOGGER.log(Level.WARNING, "single-use token " + tokenId + " not admitted, Redis failed: "
                    + e.getMessage(), e);
            throw new TokenLedgerException("cannot check the single-use token's first use (Redis failed); "
                                                   + "try again shortly", e);
        }
    }
}
