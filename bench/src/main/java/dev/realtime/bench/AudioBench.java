package dev.realtime.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.realtime.audio.G711;
import dev.realtime.audio.InputDecoder;
import dev.realtime.audio.Resampler;
import dev.realtime.audio.SampleBuffer;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.tts.SentenceChunker;

/**
 * The per-chunk work of the audio path, one 20 ms chunk per operation: an append's whole input path (message bytes
 * to 16 kHz samples), parsing an append, resampling 24 → 16 kHz (input, speech filter; and the listening filter
 * for comparison) and 16 → 24 kHz (output), G.711 decoding, serialising an audio delta; and the sentence chunker
 * over a streamed answer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class AudioBench {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** One 20 ms chunk of a speech-band signal in each format the engine meets. */
    @State(Scope.Thread)
    public static class Chunk {
        final short[] pcm24 = new short[480];
        final short[] pcm16 = new short[320];
        final byte[] ulaw = new byte[160];
        final short[] decoded = new short[160];
        String appendJson;
        byte[] appendBytes;
        InputDecoder decoder;
        Resampler downListening;
        String deltaBase64;
        Resampler down;
        Resampler up;
        SampleBuffer out;
        EventCodec codec;
        ServerEvent.AudioDelta delta;

        @Setup(Level.Trial)
        public void prepare() {
            Random random = new Random(1);
            for (int i = 0; i < pcm24.length; i++) {
                pcm24[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / 24_000.0) + 200 * random.nextGaussian());
            }
            for (int i = 0; i < pcm16.length; i++) {
                pcm16[i] = pcm24[i * 3 / 2];
            }
            for (int i = 0; i < ulaw.length; i++) {
                ulaw[i] = G711.linearToUlaw(pcm24[i * 3]);
            }
            byte[] bytes = new byte[960];
            for (int i = 0; i < pcm24.length; i++) {
                bytes[2 * i] = (byte) pcm24[i];
                bytes[2 * i + 1] = (byte) (pcm24[i] >> 8);
            }
            deltaBase64 = Base64.getEncoder().encodeToString(bytes);
            appendJson = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + deltaBase64 + "\"}";
            appendBytes = appendJson.getBytes(StandardCharsets.US_ASCII);
            decoder = InputDecoder.create(AudioFormat.PCM16);
            down = Resampler.create(24_000, 16_000, Resampler.Quality.SPEECH);
            downListening = Resampler.create(24_000, 16_000);
            up = Resampler.create(16_000, 24_000);
            out = SampleBuffer.create(1024);
            codec = EventCodec.create(Dialect.GA);
            delta = new ServerEvent.AudioDelta(new ServerEvent.Ref("resp_1", "item_1", 0, 0), bytes);
        }
    }

    @Benchmark
    public ClientEvent parseAppend(Chunk c) {
        return c.codec.parse(c.appendJson);
    }

    /**
     * The whole input path of one append after the connection has its bytes: the connection's text check (the
     * same OR over the bytes, eight at a time, as its {@code MessageBuffer}), parsing, and decoding to 16 kHz.
     */
    @Benchmark
    public int appendTo16k(Chunk c) {
        long bits = 0;
        byte[] json = c.appendBytes;
        int i = 0;
        for (; i <= json.length - Long.BYTES; i += Long.BYTES) {
            bits |= (long) LONGS.get(json, i);
        }
        for (; i < json.length; i++) {
            bits |= json[i];
        }
        if ((bits & 0x8080808080808080L) != 0) {
            throw new IllegalStateException("the append is ASCII");
        }
        byte[] audio = ((ClientEvent.AudioAppend) c.codec.parse(c.appendBytes)).audio();
        int produced = c.decoder.decode(audio, 0, audio.length);
        c.decoder.consume(c.decoder.available());
        return produced;
    }

    @Benchmark
    public ClientEvent parseAppendBytes(Chunk c) {
        return c.codec.parse(c.appendBytes);
    }

    @Benchmark
    public int resampleListening24to16(Chunk c) {
        c.out.clear();
        return c.downListening.process(c.pcm24, 0, c.pcm24.length, c.out);
    }

    @Benchmark
    public Object serialiseAudioDelta(Chunk c) {
        return c.codec.encode(c.delta, "event_1");
    }

    @Benchmark
    public int resampleInput24to16(Chunk c) {
        c.out.clear();
        return c.down.process(c.pcm24, 0, c.pcm24.length, c.out);
    }

    @Benchmark
    public int resampleOutput16to24(Chunk c) {
        c.out.clear();
        return c.up.process(c.pcm16, 0, c.pcm16.length, c.out);
    }

    @Benchmark
    public short[] decodeUlaw(Chunk c) {
        G711.decodeUlaw(c.ulaw, 0, c.ulaw.length, c.decoded, 0);
        return c.decoded;
    }

    /** One answer of about 60 words streamed in 3-character deltas, through the chunker. */
    @Benchmark
    public int chunkAnswer() {
        SentenceChunker chunker = new SentenceChunker();
        String answer = "Sure. The weather in Paris is mild today, about 18 degrees with light wind from the west. "
                + "Tomorrow looks similar, with a chance of rain in the evening, so take an umbrella if you go "
                + "out late. Dr. Smith's office opens at 9.30 a.m. on weekdays.";
        int pieces = 0;
        for (int i = 0; i < answer.length(); i += 3) {
            pieces += chunker.push(answer.substring(i, Math.min(answer.length(), i + 3))).size();
        }
        return pieces + chunker.flush().size();
    }
}
