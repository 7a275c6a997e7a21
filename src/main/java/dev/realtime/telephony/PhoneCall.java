package dev.realtime.telephony;

import java.util.Optional;

import dev.realtime.protocol.AudioFormat;

/**
 * A phone call about to get its session.
 *
 * @param callId the transport's id for it (Twilio's CallSid, SIP's Call-ID), for logs
 * @param appId  whom it belongs to (logs, the session's principal)
 * @param preset the preset it runs with, empty for the engine's configuration
 * @param codec  its G.711 law, {@link AudioFormat#PCMU} or {@link AudioFormat#PCMA}, both ways at 8 kHz
 */
public record PhoneCall(String callId, String appId, Optional<String> preset, AudioFormat codec) {
    /** Checks the codec. */
    public PhoneCall {
        if (codec != AudioFormat.PCMU && codec != AudioFormat.PCMA) {
            throw new IllegalArgumentException("a phone call is G.711, not " + codec);
        }
    }
}
