package dev.realtime.telephony;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.testing.LogCapture;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The bridge's side of barge-in on its own: the caller speaking while the answer plays clears the leg and is logged
 * with the heard milliseconds; the caller speaking after the answer has played to its end is a new turn, not a
 * barge-in.
 */
class PhoneBridgeTest {
    private static final String SPOKE_OVER = "the caller spoke over the answer";

    /** A leg whose caller has heard a set number of milliseconds of the last item. */
    private static final class HeardLeg implements PhoneLeg {
        private final List<String> played = new ArrayList<>();
        private final int heardMs;
        private int clears;

        HeardLeg(int heardMs) {
            this.heardMs = heardMs;
        }

        @Override
        public void play(String itemId, byte[] audio) {
            played.add(itemId + ":" + audio.length);
        }

        @Override
        public int clear() {
            clears++;
            return heardMs;
        }

        @Override
        public void hangUp(String reason) {
        }
    }

    private static List<String> spokeOver(LogCapture logs) {
        return logs.lines().stream().map(LogCapture.Line::message).filter(m -> m.contains(SPOKE_OVER)).toList();
    }

    private static PhoneBridge answered(HeardLeg leg) {
        PhoneBridge bridge = new PhoneBridge(new PhoneCall("CA1", "test", Optional.empty(), AudioFormat.PCMU), leg,
                                             new Goodbye("bye"), new Apology("sorry"));
        bridge.event(new ServerEvent.AudioDelta(new ServerEvent.Ref("resp_1", "item_1", 0, 0), new byte[8000]));
        bridge.event(new ServerEvent.AudioDelta(new ServerEvent.Ref("resp_1", "item_1", 0, 0), new byte[8000]));
        return bridge;
    }

    @Test
    void speakingOverTheAnswerClearsItAtTheHeardMilliseconds() {
        HeardLeg leg = new HeardLeg(700);
        try (LogCapture logs = LogCapture.install()) {
            PhoneBridge bridge = answered(leg);
            bridge.event(new ServerEvent.SpeechStarted(3000, "item_2"));
            assertThat(leg.played, contains("item_1:8000", "item_1:8000"));
            assertThat(leg.clears, is(1));
            assertThat(spokeOver(logs), contains("call CA1: " + SPOKE_OVER + " after 700 ms of item_1"));
        }
    }

    @Test
    void speakingAfterTheAnswerHasPlayedIsNoBargeIn() {
        HeardLeg leg = new HeardLeg(2000);
        try (LogCapture logs = LogCapture.install()) {
            PhoneBridge bridge = answered(leg);
            bridge.event(new ServerEvent.SpeechStarted(5000, "item_2"));
            assertThat("the whole answer was heard", spokeOver(logs), is(empty()));
        }
    }
}
