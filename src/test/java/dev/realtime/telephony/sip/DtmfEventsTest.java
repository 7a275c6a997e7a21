package dev.realtime.telephony.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class DtmfEventsTest {
    @Test
    void eachKeyIsReadOnceOnItsFirstEndPacket() {
        DtmfEvents events = new DtmfEvents();
        List<Character> keys = new ArrayList<>();
        // "5" then "#": each sent as three progress packets and three end packets sharing the event's timestamp
        for (var press : List.of(new Object[] {'5', 1000L}, new Object[] {'#', 2600L})) {
            char key = (char) press[0];
            long timestamp = (long) press[1];
            for (int i = 1; i <= 6; i++) {
                events.offer(new RtpPacket(101, i == 1, i, timestamp, 7, DtmfEvents.payload(key, i > 3, i * 160)))
                        .ifPresent(keys::add);
            }
        }
        assertThat(keys, contains('5', '#'));
    }

    @Test
    void theSameKeyPressedTwiceCountsTwice() {
        DtmfEvents events = new DtmfEvents();
        List<Character> keys = new ArrayList<>();
        for (long timestamp : new long[] {8000, 8000, 9600, 9600}) {
            events.offer(new RtpPacket(101, false, 1, timestamp, 7, DtmfEvents.payload('1', true, 800)))
                    .ifPresent(keys::add);
        }
        assertThat(keys, contains('1', '1'));
    }

    @Test
    void everyKeyHasItsEventCode() {
        DtmfEvents events = new DtmfEvents();
        StringBuilder keys = new StringBuilder();
        for (int event = 0; event < 16; event++) {
            byte[] payload = {(byte) event, (byte) 0x8A, 0, 0x50};
            events.offer(new RtpPacket(101, false, event, 100L * event, 7, payload)).ifPresent(keys::append);
        }
        assertThat(keys.toString(), is("0123456789*#ABCD"));
    }

    @Test
    void otherEventsAndShortPayloadsAreNotKeys() {
        DtmfEvents events = new DtmfEvents();
        assertThat("flash (16)", events.offer(new RtpPacket(101, false, 1, 1, 7, new byte[] {16, (byte) 0x80, 0, 1})),
                   is(Optional.empty()));
        assertThat(events.offer(new RtpPacket(101, false, 2, 2, 7, new byte[] {1, (byte) 0x80})),
                   is(Optional.empty()));
    }
}
