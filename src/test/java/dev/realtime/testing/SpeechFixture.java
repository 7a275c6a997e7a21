package dev.realtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.realtime.audio.G711;
import dev.realtime.audio.Pcm16;
import dev.realtime.audio.Resampler;
import dev.realtime.audio.SampleBuffer;
import dev.realtime.protocol.AudioFormat;

/**
 * A committed speech fixture (16 kHz mono WAV made with flite) prepared as a client would send it: padded with
 * silence, converted to the session's input format, and cut into 20 ms {@code input_audio_buffer.append} events.
 */
public final class SpeechFixture {
    /** A sample louder than this (−36 dBFS) is speech, for {@link #speechEndMs()}. */
    private static final int LOUD = 500;
    private final short[] samples16k;

    private SpeechFixture(short[] samples16k) {
        this.samples16k = samples16k;
    }

    /**
     * Loads a fixture from {@code src/test/resources/fixtures}.
     *
     * @param name file name, such as {@code what-time.wav}
     * @return the fixture
     */
    public static SpeechFixture load(String name) {
        try (InputStream in = SpeechFixture.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new SpeechFixture(wavSamples(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return where the last loud sample of the fixture ends, in milliseconds from its start
     */
    public long speechEndMs() {
        for (int i = samples16k.length - 1; i >= 0; i--) {
            if (Math.abs(samples16k[i]) > LOUD) {
                return (i + 1) * 1000L / 16_000;
            }
        }
        return 0;
    }

    /**
     * @return length of the fixture in milliseconds
     */
    public long millis() {
        return samples16k.length * 1000L / 16_000;
    }

    /**
     * The fixture as append events: {@code leadMs} of silence, the speech, {@code tailMs} of silence.
     *
     * @param format  the session's input format
     * @param leadMs  silence before
     * @param tailMs  silence after
     * @return JSON messages of 20 ms each
     */
    public List<String> appends(AudioFormat format, int leadMs, int tailMs) {
        return appends(format, leadMs, tailMs, format.rate() / 50 * format.bytesPerSample());
    }

    /**
     * The fixture as append events of a given byte size (odd sizes split samples across events).
     *
     * @param format  the session's input format
     * @param leadMs  silence before
     * @param tailMs  silence after
     * @param chunk   bytes per event
     * @return JSON messages
     */
    public List<String> appends(AudioFormat format, int leadMs, int tailMs, int chunk) {
        byte[] bytes = bytes(format, leadMs, tailMs);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            int end = Math.min(bytes.length, i + chunk);
            byte[] part = Arrays.copyOfRange(bytes, i, end);
            events.add("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                               + Base64.getEncoder().encodeToString(part) + "\"}");
        }
        return events;
    }

    /**
     * The fixture as audio in a format: {@code leadMs} of silence, the speech, {@code tailMs} of silence.
     *
     * @param format the format
     * @param leadMs silence before
     * @param tailMs silence after
     * @return the bytes
     */
    public byte[] bytes(AudioFormat format, int leadMs, int tailMs) {
        short[] padded = new short[(leadMs + tailMs) * 16 + samples16k.length];
        System.arraycopy(samples16k, 0, padded, leadMs * 16, samples16k.length);
        short[] converted = resample(padded, format.rate());
        return switch (format) {
            case PCM16 -> Pcm16.toBytes(converted, 0, converted.length);
            case PCMU -> G711.encodeUlaw(converted, 0, converted.length);
            case PCMA -> G711.encodeAlaw(converted, 0, converted.length);
        };
    }

    private static short[] resample(short[] in, int rate) {
        if (rate == 16_000) {
            return in;
        }
        Resampler resampler = Resampler.create(16_000, rate);
        SampleBuffer out = SampleBuffer.create(in.length * rate / 16_000 + 64);
        resampler.process(in, 0, in.length, out);
        return out.toArray();
    }

    private static short[] wavSamples(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if ("fmt ".equals(id)) {
                int channels = b.getShort(pos + 10);
                int rate = b.getInt(pos + 12);
                int bits = b.getShort(pos + 22);
                if (channels != 1 || rate != 16_000 || bits != 16) {
                    throw new IllegalArgumentException("fixture must be 16 kHz mono 16-bit");
                }
            } else if ("data".equals(id)) {
                int len = Math.min(size, wav.length - pos - 8);
                short[] samples = new short[len / 2];
                Pcm16.toShorts(wav, pos + 8, len - len % 2, samples, 0);
                return samples;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("no data chunk");
    }
}
