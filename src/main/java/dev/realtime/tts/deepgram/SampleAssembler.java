package dev.realtime.tts.deepgram;

import dev.realtime.tts.AudioSink;

/**
 * Turns little-endian 16-bit PCM bytes, split anywhere by the network, into whole samples for a sink, carrying
 * an odd trailing byte to the next chunk. Used by the speaking thread only.
 */
final class SampleAssembler {

    private short[] samples = new short[2_400];
    private int carry = -1;
    private long delivered;

    /** Converts {@code pcm} (after any carried byte) and hands the whole samples to {@code sink}. */
    void accept(byte[] pcm, AudioSink sink) {
        int total = pcm.length + (carry >= 0 ? 1 : 0);
        int count = total / 2;
        if (samples.length < count) {
            samples = new short[count];
        }
        int pos = 0;
        int n = 0;
        if (carry >= 0 && pcm.length > 0) {
            samples[n++] = (short) (carry | (pcm[0] << 8));
            pos = 1;
            carry = -1;
        }
        for (; pos + 1 < pcm.length; pos += 2) {
            samples[n++] = (short) ((pcm[pos] & 0xFF) | (pcm[pos + 1] << 8));
        }
        if (pos < pcm.length) {
            carry = pcm[pos] & 0xFF;
        }
        if (n > 0) {
            delivered += n;
            sink.audio(samples, n);
        }
    }

    /** Drops a carried byte (the audio it belonged to was cleared). */
    void reset() {
        carry = -1;
    }

    /** @return samples delivered since creation */
    long delivered() {
        return delivered;
    }
}
