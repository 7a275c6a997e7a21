package dev.realtime.tts.openai;

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

import dev.realtime.protocol.AudioFormat;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.tts.OutputEncoder;

/**
 * The response path's audio work per body chunk of an OpenAI-compatible speech response (100 ms of PCM16 24 kHz, an
 * odd byte count so that a split sample is carried): the body decode alone, and the whole way from body bytes to the
 * UTF-8 text of a {@code response.output_audio.delta} (decode, output encoding, base64, JSON). In the package of
 * {@link SpeechDecoder}, which is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class OutputBench {

    /** A speech body cut into chunks of 4801 bytes (made once), and one response's decoder, encoder and codec. */
    @State(Scope.Thread)
    public static class Body {
        static final int CHUNK = 4_801;
        final byte[][] chunks = new byte[64][CHUNK];
        final ServerEvent.Ref ref = new ServerEvent.Ref("resp_1", "item_1", 0, 0);
        SpeechDecoder decoder;
        OutputEncoder encoder;
        EventCodec codec;
        int next;
        Object last;

        @Setup(Level.Trial)
        public void prepare() {
            byte[] body = new byte[CHUNK * chunks.length];
            for (int i = 0; i < body.length / 2; i++) {
                short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0));
                body[2 * i] = (byte) s;
                body[2 * i + 1] = (byte) (s >> 8);
            }
            for (int c = 0; c < chunks.length; c++) {
                System.arraycopy(body, c * CHUNK, chunks[c], 0, CHUNK);
            }
            decoder = SpeechDecoder.create("audio/pcm", 24_000);
            encoder = OutputEncoder.create(24_000, AudioFormat.PCM16);
            codec = EventCodec.create(Dialect.GA);
        }

        byte[] next() {
            byte[] chunk = chunks[next];
            next = (next + 1) % chunks.length;
            return chunk;
        }
    }

    @Benchmark
    public long decodeBody(Body b) {
        byte[] chunk = b.next();
        b.decoder.accept(chunk, chunk.length, (samples, count) -> b.last = samples);
        return b.decoder.delivered();
    }

    @Benchmark
    public Object bodyToAudioDelta(Body b) {
        byte[] chunk = b.next();
        b.decoder.accept(chunk, chunk.length, (samples, count) -> {
            byte[] bytes = b.encoder.encode(samples, count);
            b.last = b.codec.encodeUtf8(new ServerEvent.AudioDelta(b.ref, bytes), "event_1");
        });
        return b.last;
    }
}
