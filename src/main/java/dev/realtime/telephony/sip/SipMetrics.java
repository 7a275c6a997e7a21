package dev.realtime.telephony.sip;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

import dev.realtime.telephony.CallMetrics;

/**
 * The SIP side's meters, beside the engine's own ({@code EngineMetrics}) and the phone calls' ({@code CallMetrics},
 * {@code transport="sip"}) in the same registry: {@code realtime_sip_calls_total{outcome}} and
 * {@code realtime_sip_failures_total{kind}}. Any thread.
 */
public final class SipMetrics {
    /** The transport's name in the phone calls' meters ({@code CallMetrics}). */
    static final String TRANSPORT = "sip";
    /** What {@code realtime_phone_bad_messages_total{transport="sip"}} counts: datagrams on an RTP port, not RTP. */
    static final List<String> BAD_KINDS = List.of("not_rtp");
    /** Every call outcome, created at zero. */
    static final List<String> OUTCOMES = List.of("answered", "forbidden", "unauthorized", "unsupported_media",
                                                  "busy", "cancelled", "failed");
    /** Every failure kind, created at zero. */
    static final List<String> FAILURES = List.of("rtp_receive", "rtp_timeout", "rtp_send", "sip_send");

    private SipMetrics() {
    }

    /** Creates every series at zero; called when the SIP server starts. */
    static void register() {
        CallMetrics.register(TRANSPORT, BAD_KINDS);
        OUTCOMES.forEach(SipMetrics::calls);
        FAILURES.forEach(SipMetrics::failures);
    }

    /**
     * An INVITE was answered or refused.
     *
     * @param outcome one of {@link #OUTCOMES}
     */
    static void call(String outcome) {
        calls(outcome).increment();
    }

    /**
     * Something failed on a call (logged once by the caller of this method).
     *
     * @param kind one of {@link #FAILURES}
     */
    static void failure(String kind) {
        failures(kind).increment();
    }

    private static Counter calls(String outcome) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("realtime_sip_calls_total")
                .description("SIP INVITEs by outcome").tags(List.of(Tag.create("outcome", outcome))));
    }

    private static Counter failures(String kind) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("realtime_sip_failures_total")
                .description("SIP call failures by kind").tags(List.of(Tag.create("kind", kind))));
    }
}
