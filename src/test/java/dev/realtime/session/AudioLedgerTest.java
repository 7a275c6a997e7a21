package dev.realtime.session;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class AudioLedgerTest {
    private static final long MS = 1_000_000L;

    @Test
    void playedAudioFollowsTheClockFromTheFirstDeltaUpToWhatWasSent() {
        AudioLedger ledger = new AudioLedger();
        ledger.sent("item", "Hello there.", 1000, 0);
        ledger.sent("item", "", 500, 10 * MS);
        assertThat(ledger.sentMillis("item"), is(1500L));
        assertThat(ledger.playedMillis("item", 600 * MS), is(600L));
        assertThat(ledger.playedMillis("item", 9000 * MS), is(1500L));
        assertThat(ledger.playedMillis("other", 9000 * MS), is(0L));
    }

    @Test
    void transcriptKeepsWholePiecesAndTheHeardShareOfThePieceInProgress() {
        AudioLedger ledger = new AudioLedger();
        ledger.sent("item", "One two three four.", 1000, 0);
        ledger.sent("item", " Five six seven eight.", 1000, 0);
        assertThat(ledger.transcriptAt("item", 2000), is("One two three four. Five six seven eight."));
        assertThat(ledger.transcriptAt("item", 1000), is("One two three four."));
        assertThat(ledger.transcriptAt("item", 1500), is("One two three four. Five six"));
        assertThat(ledger.transcriptAt("item", 250), is("One"));
        assertThat(ledger.transcriptAt("item", 0), is(""));
    }
}
