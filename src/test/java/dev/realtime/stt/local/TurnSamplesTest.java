package dev.realtime.stt.local;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class TurnSamplesTest {

    @Test
    void takeHandsOverTheTurnAndStartsAnEmptyOne() {
        TurnSamples turn = new TurnSamples(1_000_000);
        short[] piece = {1, 2, 3, 4};
        turn.append(piece, 3);
        piece[0] = 99; // copied on append
        turn.append(new short[] {5}, 1);

        assertThat(turn.take(), is(new short[] {1, 2, 3, 5}));
        assertThat(turn.size(), is(0));
        assertThat(turn.take(), is(new short[0]));
    }

    @Test
    void growsPastItsInitialCapacity() {
        TurnSamples turn = new TurnSamples(1_000_000);
        short[] second = new short[16_000];
        for (int i = 0; i < 20; i++) {
            second[0] = (short) i;
            turn.append(second, second.length);
        }
        short[] all = turn.take();
        assertThat(all.length, is(320_000));
        assertThat(all[19 * 16_000], is((short) 19));
    }

    @Test
    void keepsOnlyUpToTheCap() {
        TurnSamples turn = new TurnSamples(5);
        turn.append(new short[] {1, 2, 3}, 3);
        turn.append(new short[] {4, 5, 6}, 3);
        turn.append(new short[] {7}, 1);
        assertThat(turn.take(), is(new short[] {1, 2, 3, 4, 5}));
    }

    @Test
    void clearDropsTheTurn() {
        TurnSamples turn = new TurnSamples(100);
        turn.append(new short[] {1, 2}, 2);
        turn.clear();
        turn.append(new short[] {3}, 1);
        assertThat(turn.take(), is(new short[] {3}));
    }
}
