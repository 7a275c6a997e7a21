package dev.realtime.telephony.sip;

import dev.realtime.protocol.AudioFormat;

/** The G.711 codecs a call can use, with their static RTP payload type and the session's audio format type. */
public enum Codec {
    /** G.711 μ-law. */
    PCMU(0, AudioFormat.PCMU, (byte) 0xFF),
    /** G.711 A-law. */
    PCMA(8, AudioFormat.PCMA, (byte) 0xD5);

    private final int payloadType;
    private final AudioFormat format;
    private final byte silence;

    Codec(int payloadType, AudioFormat format, byte silence) {
        this.payloadType = payloadType;
        this.format = format;
        this.silence = silence;
    }

    /** The static RTP payload type (RFC 3551). */
    public int payloadType() {
        return payloadType;
    }

    /** The session's audio format for it, both ways. */
    public AudioFormat format() {
        return format;
    }

    /** The byte of a silent sample. */
    public byte silence() {
        return silence;
    }
}
