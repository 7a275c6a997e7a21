package dev.realtime.telephony.twilio;

import java.util.Optional;

/**
 * A message Twilio sends on a Media Stream, as Twilio documents them: {@code connected}, {@code start},
 * {@code media}, {@code dtmf}, {@code mark} (the echo of one of ours) and {@code stop}; {@link StreamParser} reads
 * them. Pure.
 */
sealed interface StreamEvent {
    /** The stream is open. */
    record Connected() implements StreamEvent {
    }

    /**
     * The call's stream begins.
     *
     * @param streamSid  the stream, named in every message the engine sends back
     * @param callSid    the call
     * @param encoding   its audio encoding, {@code audio/x-mulaw} for calls
     * @param sampleRate its rate, 8000
     * @param preset     the {@code preset} custom parameter the webhook's TwiML set, if any
     */
    record Start(String streamSid, String callSid, String encoding, int sampleRate, Optional<String> preset)
            implements StreamEvent {
        /** Whether the engine can take it: named, and μ-law at 8 kHz. */
        boolean supported() {
            return !streamSid.isEmpty() && !callSid.isEmpty() && "audio/x-mulaw".equals(encoding)
                    && sampleRate == 8000;
        }
    }

    /**
     * The caller's audio.
     *
     * @param inbound whether it is the caller's track (the only one a bidirectional stream carries)
     * @param audio   μ-law bytes
     */
    record Media(boolean inbound, byte[] audio) implements StreamEvent {
    }

    /** A key the caller pressed. */
    record Dtmf(String digit) implements StreamEvent {
    }

    /** A mark of ours, echoed once the audio sent before it has played. */
    record Mark(String name) implements StreamEvent {
    }

    /** The call's stream ends. */
    record Stop() implements StreamEvent {
    }

    /** A message that is not one of these, or is malformed; {@code kind} names it for the metric. */
    final class BadMessage extends RuntimeException {
        private final String kind;

        BadMessage(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        String kind() {
            return kind;
        }
    }
}
