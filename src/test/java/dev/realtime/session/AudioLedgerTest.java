package dev.realtime.session;

import java.util.Optional;

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
        assertThat(ledger.transcriptAt("item", 2000), is(Optional.of("One two three four. Five six seven eight.")));
        assertThat(ledger.transcriptAt("item", 1000), is(Optional.of("One two three four.")));
        assertThat(ledger.transcriptAt("item", 1500), is(Optional.of("One two three four. Five six")));
        assertThat(ledger.transcriptAt("item", 250), is(Optional.of("One")));
        assertThat(ledger.transcriptAt("item", 0), is(Optional.of("")));
    }

    @Test
    void piecesAreCountedAndLetGoOldestFirstExceptTheAnswerBeingSpoken() {
        AudioLedger ledger = new AudioLedger();
        ledger.sent("old", "One two three four.", 1000, 0);
        ledger.sent("older-than-speaking", "Five six.", 500, 0);
        ledger.sent("speaking", "Seven eight.", 500, 0);
        long all = ledger.bytes();
        assertThat(all > "One two three four.Five six.Seven eight.".length(), is(true));

        assertThat(ledger.releaseOldest(id -> id.equals("speaking")), is(true));
        assertThat(ledger.transcriptAt("old", 500), is(Optional.empty()));
        assertThat(ledger.sentMillis("old"), is(1000L));
        assertThat(ledger.releaseOldest(id -> id.equals("speaking")), is(true));
        assertThat(ledger.releaseOldest(id -> id.equals("speaking")), is(false));
        assertThat(ledger.transcriptAt("speaking", 500), is(Optional.of("Seven eight.")));
        // a released item still counts its fixed cost until it is deleted
        ledger.remove("old");
        ledger.remove("older-than-speaking");
        ledger.remove("speaking");
        assertThat(ledger.bytes(), is(0L));
    }
}
