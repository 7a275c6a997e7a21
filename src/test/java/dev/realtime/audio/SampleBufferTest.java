package dev.realtime.audio;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampleBufferTest {

    @Test
    void growsKeepsOrderAndConsumesFromTheFront() {
        SampleBuffer buffer = SampleBuffer.create(2);
        buffer.append(new short[] {1, 2, 3}, 0, 3);
        buffer.append(new short[] {9, 4, 5, 9}, 1, 2);
        assertThat(buffer.size(), is(5));
        buffer.consume(2);
        assertArrayEquals(new short[] {3, 4, 5}, buffer.toArray());
        assertThat(buffer.array()[0], is((short) 3));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.consume(4));
        buffer.clear();
        assertThat(buffer.size(), is(0));
    }

    @Test
    void steadyUseKeepsTheSameArray() {
        SampleBuffer buffer = SampleBuffer.create(320);
        short[] chunk = new short[320];
        short[] array = buffer.array();
        for (int i = 0; i < 100; i++) {
            buffer.append(chunk, 0, chunk.length);
            buffer.consume(320);
        }
        assertThat(buffer.array() == array, is(true));
    }

    @Test
    void convertsBetweenMillisAndSamples() {
        assertThat(AudioClock.samples(300, 16000), is(4800L));
        assertThat(AudioClock.samplesInt(32, 16000), is(512));
        assertThat(AudioClock.millis(2400, 24000), is(100L));
        assertThat(AudioClock.millis(799, 8000), is(99L));
        assertThrows(AudioException.class, () -> AudioClock.millis(1, 0));
    }
}
