package dev.realtime.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The audio formats of the protocol, with their GA ({@code audio/pcm}) and beta ({@code pcm16}) names.
 */
public enum AudioFormat {
    /** 16-bit signed little-endian mono PCM at 24 kHz. */
    PCM16("audio/pcm", "pcm16", 24_000, 2),
    /** G.711 μ-law at 8 kHz. */
    PCMU("audio/pcmu", "g711_ulaw", 8_000, 1),
    /** G.711 A-law at 8 kHz. */
    PCMA("audio/pcma", "g711_alaw", 8_000, 1);

    private final String gaType;
    private final String betaName;
    private final int rate;
    private final int bytesPerSample;

    AudioFormat(String gaType, String betaName, int rate, int bytesPerSample) {
        this.gaType = gaType;
        this.betaName = betaName;
        this.rate = rate;
        this.bytesPerSample = bytesPerSample;
    }

    /** GA {@code format.type}, such as {@code audio/pcm}. */
    public String gaType() {
        return gaType;
    }

    /** Beta name, such as {@code pcm16}. */
    public String betaName() {
        return betaName;
    }

    /** Sample rate in Hz. */
    public int rate() {
        return rate;
    }

    /** Bytes per sample of this format. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** Milliseconds of audio in the given number of bytes. */
    public long millis(long bytes) {
        return bytes * 1000 / ((long) rate * bytesPerSample);
    }

    /** The format with this GA type. */
    public static Optional<AudioFormat> fromGaType(String type) {
        return Arrays.stream(values()).filter(f -> f.gaType.equals(type)).findFirst();
    }

    /** The format with this beta name. */
    public static Optional<AudioFormat> fromBetaName(String name) {
        return Arrays.stream(values()).filter(f -> f.betaName.equals(name)).findFirst();
    }
}
