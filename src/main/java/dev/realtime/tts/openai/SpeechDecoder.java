package dev.realtime.tts.openai;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.realtime.audio.Resampler;
import dev.realtime.audio.SampleBuffer;
import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;

import dev.realtime.upstream.FailureKind;

/**
 * Turns a speech response body, read in chunks of any size, into mono 16-bit samples at the stream's rate. The
 * format is decided from the {@code Content-Type} and the first bytes: a {@code RIFF} header is parsed (rate,
 * channels) and stripped; compressed audio (MP3 by {@code ID3} or frame sync, Ogg, FLAC, or a compressed
 * content type) is refused, never played as PCM; anything else is raw 24 kHz s16le mono. Partial samples and
 * frames are carried across chunks; stereo is averaged; other rates are resampled. The speaking thread only.
 */
final class SpeechDecoder {

    private static final Set<String> COMPRESSED = Set.of("audio/mpeg", "audio/mp3", "audio/aac", "audio/ogg",
            "audio/opus", "audio/flac", "audio/x-flac", "audio/webm", "audio/mp4");
    private static final Set<String> RAW = Set.of("audio/pcm", "audio/l16", "audio/raw", "audio/x-raw");
    private static final int PCM_RATE = 24_000;

    private final String contentType;
    private final int outputRate;
    private final byte[] head = new byte[WavHeader.MAX_HEADER];
    private final SampleBuffer resampled = SampleBuffer.create(4_800);
    private int headLen;
    private boolean streaming;
    private int channels = 1;
    private Resampler resampler;
    /** The first {@code carried} bytes of a frame split between chunks; grown to a frame once. */
    private byte[] carry = new byte[2];
    private int carried;
    private short[] mono = new short[4_800];
    private long delivered;

    private SpeechDecoder(String contentType, int outputRate) {
        this.contentType = contentType;
        this.outputRate = outputRate;
    }

    /**
     * @param contentType the response's {@code Content-Type}, possibly empty
     * @param outputRate  rate the sink expects
     * @throws TtsException when the content type names a compressed format
     */
    static SpeechDecoder create(String contentType, int outputRate) {
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (COMPRESSED.contains(type)) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream returned " + type
                    + " instead of PCM; it must support response_format pcm or wav");
        }
        return new SpeechDecoder(type, outputRate);
    }

    /** Decodes {@code len} more bytes of the body and hands whole samples to {@code sink}. */
    void accept(byte[] bytes, int len, AudioSink sink) {
        if (streaming) {
            pcm(bytes, 0, len, sink);
            return;
        }
        int take = Math.min(len, head.length - headLen);
        System.arraycopy(bytes, 0, head, headLen, take);
        headLen += take;
        Optional<Integer> start = decide(false);
        if (start.isPresent()) {
            streaming = true;
            pcm(head, start.get(), headLen - start.get(), sink);
            pcm(bytes, take, len - take, sink);
        }
    }

    /** At the end of the body: decodes what is still held back. */
    void finish(AudioSink sink) {
        if (!streaming && headLen > 0) {
            Optional<Integer> start = decide(true);
            if (start.isEmpty()) {
                throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream sent an incomplete WAV header");
            }
            streaming = true;
            pcm(head, start.get(), headLen - start.get(), sink);
        }
    }

    /** @return samples handed to the sink */
    long delivered() {
        return delivered;
    }

    /** @return offset of the first PCM byte in {@code head}, or empty when more bytes are needed */
    private Optional<Integer> decide(boolean end) {
        if (headLen < 4 && !end) {
            return Optional.empty();
        }
        if (headLen >= 4 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F') {
            Optional<WavHeader> wav = WavHeader.parse(head, headLen);
            wav.ifPresent(h -> {
                channels = h.channels();
                resampler = h.sampleRate() == outputRate ? null : Resampler.create(h.sampleRate(), outputRate);
            });
            return wav.map(WavHeader::dataOffset);
        }
        if (startsWith("ID3") || startsWith("OggS") || startsWith("fLaC")
                || !RAW.contains(contentType) && headLen >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream returned compressed audio "
                    + "(MP3/Ogg/FLAC bytes" + (contentType.isEmpty() ? "" : ", declared " + contentType)
                    + ") instead of PCM");
        }
        if (contentType.contains("wav")) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream declared " + contentType
                    + " but sent no RIFF header");
        }
        resampler = PCM_RATE == outputRate ? null : Resampler.create(PCM_RATE, outputRate);
        return Optional.of(0);
    }

    private boolean startsWith(String magic) {
        if (headLen < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whole frames of {@code bytes} (after the carried part of one) to mono samples; no array per chunk. */
    private void pcm(byte[] bytes, int off, int len, AudioSink sink) {
        if (len <= 0) {
            return;
        }
        int frameBytes = 2 * channels;
        if (carry.length < frameBytes) {
            carry = new byte[frameBytes];
        }
        int frames = (carried + len) / frameBytes;
        if (mono.length < frames) {
            mono = new short[frames];
        }
        int pos = off;
        int end = off + len;
        int f = 0;
        if (carried > 0) {
            int need = Math.min(frameBytes - carried, len);
            System.arraycopy(bytes, pos, carry, carried, need);
            carried += need;
            pos += need;
            if (carried < frameBytes) {
                return;
            }
            mono[f++] = frame(carry, 0);
            carried = 0;
        }
        if (channels == 1) {
            for (; pos + 2 <= end; pos += 2) {
                mono[f++] = (short) ((bytes[pos] & 0xFF) | (bytes[pos + 1] << 8));
            }
        } else {
            for (; pos + frameBytes <= end; pos += frameBytes) {
                mono[f++] = frame(bytes, pos);
            }
        }
        carried = end - pos;
        System.arraycopy(bytes, pos, carry, 0, carried);
        if (resampler == null) {
            deliver(mono, f, sink);
        } else {
            resampled.clear();
            resampler.process(mono, 0, f, resampled);
            deliver(resampled.array(), resampled.size(), sink);
        }
    }

    /** The mean of one frame's channels. */
    private short frame(byte[] data, int at) {
        int sum = 0;
        for (int c = 0; c < channels; c++) {
            int b = at + 2 * c;
            sum += (short) ((data[b] & 0xFF) | (data[b + 1] << 8));
        }
        return (short) (sum / channels);
    }

    private void deliver(short[] samples, int count, AudioSink sink) {
        if (count > 0) {
            delivered += count;
            sink.audio(samples, count);
        }
    }
}
