package dev.realtime.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class TokenLedgerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenIsClaimedOnceAndForgottenWhenItExpires() {
        MovingClock clock = new MovingClock();
        MemoryTokenLedger ledger = MemoryTokenLedger.create(clock);
        assertThat(ledger.claim("a", NOW.plusSeconds(60)), is(true));
        assertThat(ledger.claim("a", NOW.plusSeconds(60)), is(false));
        assertThat(ledger.claim("b", NOW.plusSeconds(600)), is(true));
        clock.now = NOW.plus(Duration.ofSeconds(61));
        assertThat(ledger.claim("c", NOW.plusSeconds(600)), is(true));
        assertThat("the expired token is forgotten, the others kept", ledger.size(), is(2));
        assertThat(ledger.claim("b", NOW.plusSeconds(600)), is(false));
    }
}
