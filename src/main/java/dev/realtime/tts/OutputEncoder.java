package dev.realtime.tts;

import java.util.Optional;

import dev.realtime.audio.G711;
import dev.realtime.audio.Pcm16;
import dev.realtime.audio.Resampler;
import dev.realtime.audio.SampleBuffer;
import dev.realtime.protocol.AudioFormat;

/**
 * Converts synthesised PCM at the engine's rate into the session's output format (PCM16 24 kHz or G.711
 * 8 kHz), carrying the resampler's state across chunks. PCM already at the output rate passes straight to the
 * encoding, with no resampler and no copy. One per spoken response; used on its speaker thread.
 */
public final class OutputEncoder {
    private final AudioFormat output;
    private final Optional<Resampler> resampler;
    private final SampleBuffer buffer;
    private long outputBytes;

    private OutputEncoder(int inputRate, AudioFormat output) {
        this.output = output;
        boolean same = inputRate == output.rate();
        this.resampler = same ? Optional.empty() : Optional.of(Resampler.create(inputRate, output.rate()));
        this.buffer = SampleBuffer.create(same ? 0 : 4096);
    }

    /**
     * An encoder.
     *
     * @param inputRate sample rate of the synthesised PCM
     * @param output    the session's output format
     * @return encoder
     */
    public static OutputEncoder create(int inputRate, AudioFormat output) {
        return new OutputEncoder(inputRate, output);
    }

    /**
     * Encodes a chunk.
     *
     * @param samples PCM at the input rate
     * @param count   samples to take
     * @return bytes in the output format (possibly empty while the resampler fills)
     */
    public byte[] encode(short[] samples, int count) {
        short[] out = samples;
        int n = count;
        if (resampler.isPresent()) {
            buffer.clear();
            resampler.get().process(samples, 0, count, buffer);
            out = buffer.array();
            n = buffer.size();
        }
        byte[] bytes = switch (output) {
            case PCM16 -> Pcm16.toBytes(out, 0, n);
            case PCMU -> G711.encodeUlaw(out, 0, n);
            case PCMA -> G711.encodeAlaw(out, 0, n);
        };
        outputBytes += bytes.length;
        return bytes;
    }

    /** Bytes still held back at the end of the audio; the resampler emits every sample as it goes. */
    public byte[] flush() {
        return new byte[0];
    }

    /** Milliseconds of output audio produced so far. */
    public long outputMillis() {
        return output.millis(outputBytes);
    }
}
