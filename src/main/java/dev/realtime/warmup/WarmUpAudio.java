package dev.realtime.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import dev.realtime.audio.G711;

/**
 * The microphone of the warm-up sessions, as ready {@code input_audio_buffer.append} messages of 20 ms at 24 kHz
 * (the protocol's default format) and as a phone's μ-law RTP payloads of 20 ms at 8 kHz: a short spoken question
 * (a 16 kHz WAV made with flite, in the jar) and a noise floor of about −50 dBFS in every chunk, as a live
 * microphone has, so the VAD model runs on every frame as it does in production. Immutable once made; any thread.
 */
final class WarmUpAudio {
    private static final int RATE = 24_000;
    private static final int CHUNK = RATE / 50;
    private static final int NOISE = 100;
    private static final int NOISE_CHUNKS = 50;

    /** A phone's 20 ms at 8 kHz. */
    private static final int PHONE_FRAME = 160;

    private final List<String> speech;
    private final List<String> noise;
    private final List<byte[]> phoneSpeech;
    private final List<byte[]> phoneNoise;

    private WarmUpAudio(List<String> speech, List<String> noise, List<byte[]> phoneSpeech, List<byte[]> phoneNoise) {
        this.speech = speech;
        this.noise = noise;
        this.phoneSpeech = phoneSpeech;
        this.phoneNoise = phoneNoise;
    }

    /**
     * @return the audio, loaded from the jar's {@code /warmup/speech.wav}
     * @throws UncheckedIOException when the resource cannot be read
     */
    static WarmUpAudio load() {
        try (InputStream in = WarmUpAudio.class.getResourceAsStream("/warmup/speech.wav")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("no /warmup/speech.wav in the jar"));
            }
            short[] speech16k = wavSamples(in.readAllBytes());
            SplittableRandom random = new SplittableRandom(15);
            List<String> noise = new ArrayList<>();
            for (int i = 0; i < NOISE_CHUNKS; i++) {
                noise.add(append(new short[CHUNK], 0, random));
            }
            short[] speech = upsample(speech16k);
            List<String> chunks = new ArrayList<>();
            for (int at = 0; at + CHUNK <= speech.length; at += CHUNK) {
                chunks.add(append(speech, at, random));
            }
            short[] speech8k = downsample(speech16k);
            List<byte[]> phoneSpeech = new ArrayList<>();
            for (int at = 0; at + PHONE_FRAME <= speech8k.length; at += PHONE_FRAME) {
                phoneSpeech.add(ulaw(speech8k, at, random));
            }
            List<byte[]> phoneNoise = new ArrayList<>();
            for (int i = 0; i < NOISE_CHUNKS; i++) {
                phoneNoise.add(ulaw(new short[PHONE_FRAME], 0, random));
            }
            return new WarmUpAudio(List.copyOf(chunks), List.copyOf(noise), List.copyOf(phoneSpeech),
                                   List.copyOf(phoneNoise));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the question, 20 ms a message */
    List<String> speech() {
        return speech;
    }

    /**
     * @param n a running chunk number
     * @return a chunk of the noise floor
     */
    String noise(int n) {
        return noise.get(Math.floorMod(n, noise.size()));
    }

    /** @return the question as a phone sends it: G.711 μ-law at 8 kHz, 20 ms (160 bytes) a frame */
    List<byte[]> phoneSpeech() {
        return phoneSpeech;
    }

    /**
     * @param n a running frame number
     * @return a μ-law frame of the noise floor
     */
    byte[] phoneNoise(int n) {
        return phoneNoise.get(Math.floorMod(n, phoneNoise.size()));
    }

    private static byte[] ulaw(short[] samples, int from, SplittableRandom random) {
        short[] frame = new short[PHONE_FRAME];
        for (int i = 0; i < PHONE_FRAME; i++) {
            int s = samples[from + i] + random.nextInt(-NOISE, NOISE + 1);
            frame[i] = (short) Math.clamp(s, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return G711.encodeUlaw(frame, 0, PHONE_FRAME);
    }

    /** 16 kHz to 8 kHz, each output the mean of two inputs: a crude low-pass, enough for a VAD and a fake STT. */
    private static short[] downsample(short[] in) {
        short[] out = new short[in.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((in[2 * i] + in[2 * i + 1]) / 2);
        }
        return out;
    }

    private static String append(short[] samples, int from, SplittableRandom random) {
        ByteBuffer pcm = ByteBuffer.allocate(CHUNK * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < CHUNK; i++) {
            int s = samples[from + i] + random.nextInt(-NOISE, NOISE + 1);
            pcm.putShort((short) Math.clamp(s, Short.MIN_VALUE, Short.MAX_VALUE));
        }
        return "{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                + Base64.getEncoder().encodeToString(pcm.array()) + "\"}";
    }

    /** 16 kHz to 24 kHz by linear interpolation: good enough for a VAD and a transcriber that is a fake. */
    private static short[] upsample(short[] in) {
        short[] out = new short[in.length * 3 / 2];
        for (int i = 0; i < out.length; i++) {
            double at = i * 2 / 3.0;
            int k = (int) at;
            double f = at - k;
            int next = Math.min(k + 1, in.length - 1);
            out[i] = (short) Math.round(in[k] * (1 - f) + in[next] * f);
        }
        return out;
    }

    /** The samples of a 16-bit mono WAV: the bytes of its {@code data} chunk. */
    private static short[] wavSamples(byte[] wav) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= wav.length) {
            int size = buf.getInt(at + 4);
            if (wav[at] == 'd' && wav[at + 1] == 'a' && wav[at + 2] == 't' && wav[at + 3] == 'a') {
                short[] out = new short[Math.min(size, wav.length - at - 8) / 2];
                buf.position(at + 8).slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
                return out;
            }
            at += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in /warmup/speech.wav");
    }
}
