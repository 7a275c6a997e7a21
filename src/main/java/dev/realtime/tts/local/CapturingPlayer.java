package dev.realtime.tts.local;

import javax.sound.sampled.AudioFormat;

import com.sun.speech.freetts.audio.AudioPlayer;

import dev.realtime.tts.AudioSink;

/**
 * A FreeTTS audio player that hands the synthesised PCM to the current sink instead of a sound card. FreeTTS calls
 * it on the thread that runs {@code Voice.speak}; {@link #cancel()} may come from any thread.
 */
final class CapturingPlayer implements AudioPlayer {
    private AudioFormat format = new AudioFormat(16_000, 16, 1, true, true);
    private volatile AudioSink sink = (samples, count) -> { };
    private volatile boolean cancelled;
    private byte carry = 0;
    private boolean carrying;

    void start(AudioSink next) {
        sink = next;
        cancelled = false;
        carrying = false;
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean write(byte[] audio) {
        return write(audio, 0, audio.length);
    }

    @Override
    public boolean write(byte[] audio, int offset, int length) {
        if (cancelled) {
            return false;
        }
        boolean bigEndian = format.isBigEndian();
        short[] samples = new short[(length + 1) / 2];
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!carrying) {
                carry = audio[i];
                carrying = true;
                continue;
            }
            int hi = bigEndian ? carry : audio[i];
            int lo = bigEndian ? audio[i] : carry;
            samples[n++] = (short) ((hi << 8) | (lo & 0xff));
            carrying = false;
        }
        if (n > 0) {
            sink.audio(samples, n);
        }
        return !cancelled;
    }

    @Override
    public void setAudioFormat(AudioFormat audioFormat) {
        if (audioFormat.getSampleSizeInBits() != 16 || audioFormat.getChannels() != 1
                || (int) audioFormat.getSampleRate() != 16_000) {
            throw new IllegalArgumentException("FreeTTS announced " + audioFormat + "; 16 kHz mono 16-bit expected");
        }
        format = audioFormat;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void begin(int size) {
    }

    @Override
    public boolean end() {
        return !cancelled;
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
        return 1f;
    }

    @Override
    public void setVolume(float volume) {
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
