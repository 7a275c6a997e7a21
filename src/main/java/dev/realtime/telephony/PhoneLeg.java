package dev.realtime.telephony;

/**
 * One phone call's media path, as a {@link PhoneBridge} drives it: Twilio's Media Streams socket or a SIP call's
 * RTP. Audio is G.711 at 8 kHz in the call's codec (μ-law or A-law, as the bridge's session was opened with). The
 * bridge calls these on its session's loop; an implementation hands them to its own writer and never blocks long.
 */
public interface PhoneLeg {
    /**
     * Queues the assistant's audio for the caller, in order, after what is already queued.
     *
     * @param itemId the assistant item the audio belongs to
     * @param audio  G.711 bytes (one byte per sample at 8 kHz), not changed afterwards
     */
    void play(String itemId, byte[] audio);

    /**
     * Stops the caller hearing the assistant at once: drops what is queued and not yet played.
     *
     * @return how many milliseconds of the last item played the caller has heard (0 when nothing was playing)
     */
    int clear();

    /**
     * The engine ends the call: after what is queued has played (a goodbye), the call is hung up (SIP BYE, the
     * Media Streams socket closed).
     *
     * @param reason why, for the log
     */
    void hangUp(String reason);
}
