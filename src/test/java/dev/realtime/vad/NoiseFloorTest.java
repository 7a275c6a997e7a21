package dev.realtime.vad;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

/** The noise-floor gate's specification: which frame levels are floor, and how the floor follows the input. */
class NoiseFloorTest {

    private static final double NOISE_DB = -57.0;

    private final Random random = new Random(15);
    private final NoiseFloor floor = new NoiseFloor();

    /** A steady noise frame: white noise of 512 samples varies by about ±0.3 dB. */
    private double noise(double levelDb) {
        return levelDb + random.nextGaussian() * 0.3;
    }

    private int floorFrames(int frames, double levelDb) {
        int n = 0;
        for (int i = 0; i < frames; i++) {
            n += floor.floor(noise(levelDb)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void steadyNoiseIsFloorOnceTheFloorIsKnown() {
        for (int i = 1; i < NoiseFloor.MIN_FRAMES; i++) {
            assertThat("frame " + i, floor.floor(noise(NOISE_DB)), is(false));
        }
        assertThat(floorFrames(300, NOISE_DB), is(300));
        assertThat(floor.floorDb(), closeTo(NOISE_DB - 0.6, 0.6));
    }

    @Test
    void theOnsetOfAWordIsNeverFloor() {
        floorFrames(100, NOISE_DB);
        // a word fading in over the noise: each frame a few dB louder than the last
        for (double level = NOISE_DB + 4; level < -20; level += 4) {
            assertThat("onset frame at " + level + " dBFS", floor.floor(level), is(false));
        }
    }

    @Test
    void quietSpeechOverNoiseIsNotFloor() {
        floorFrames(100, NOISE_DB);
        // syllables 5-10 dB over the noise, with dips back to the noise between them, for ten seconds
        for (int i = 0; i < 300; i++) {
            boolean syllable = i % 8 < 5;
            double level = syllable ? NOISE_DB + 5 + random.nextDouble() * 5 : noise(NOISE_DB);
            boolean isFloor = floor.floor(level);
            if (syllable) {
                assertThat("syllable frame " + i + " at " + level, isFloor, is(false));
            }
        }
    }

    @Test
    void aLoudRoomIsNeverFloorHoweverSteady() {
        assertThat(floorFrames(300, -45), is(0));
        assertThat(floorFrames(300, NoiseFloor.CEILING_DBFS + 1.5), is(0));
        assertThat(floor.floor(-25), is(false));
    }

    @Test
    void aFanTurningOnIsFloorOnceTheQuieterFramesHaveLeftTheWindow() {
        floorFrames(100, -65);
        double fan = -54;
        assertThat(floorFrames(NoiseFloor.WINDOW_FRAMES - 1, fan), is(0));
        // the window now holds only fan frames: a word over the fan still stands out
        assertThat(floorFrames(100, fan), is(100));
        assertThat(floor.floor(fan + 5), is(false));
    }

    @Test
    void aFanTurningOffLowersTheFloorAtOnce() {
        floorFrames(100, -54);
        assertThat(floorFrames(50, -66), is(50));
        assertThat("the old fan level is no longer floor", floor.floor(-54), is(false));
    }

    @Test
    void continuousSpeechWithDipsDoesNotLiftTheFloor() {
        floorFrames(50, NOISE_DB);
        for (int i = 0; i < 600; i++) {
            boolean dip = i % 12 == 11;
            boolean isFloor = floor.floor(dip ? noise(NOISE_DB) : -30 + random.nextGaussian() * 6);
            if (!dip) {
                assertThat("speech frame " + i, isFloor, is(false));
            }
        }
        assertThat(floor.floorDb(), closeTo(NOISE_DB, 1.5));
    }

    @Test
    void digitalSilenceKeepsNoiseAboveTheFloor() {
        floorFrames(100, -100);
        assertThat(floor.floor(noise(NOISE_DB)), is(false));
    }

    @Test
    void resetForgetsTheFloor() {
        floorFrames(100, NOISE_DB);
        floor.reset();
        assertThat(floorFrames(NoiseFloor.MIN_FRAMES - 1, NOISE_DB), is(0));
        assertThat(floor.floor(noise(NOISE_DB)), is(true));
    }
}
