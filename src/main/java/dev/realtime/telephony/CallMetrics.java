package dev.realtime.telephony;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * Phone calls in Helidon's global registry ({@code /metrics}), by transport ({@code twilio}, {@code sip}): calls
 * whose session opened, calls ended, calls refused (engine full, bad start), and messages of the transport that were
 * not understood. A call's session also counts in the engine's own session meters. Thread-safe.
 */
public final class CallMetrics {
    private CallMetrics() {
    }

    /**
     * Creates a transport's series at zero, so they show before its first call. Called when the transport's routes
     * are set up; idempotent.
     *
     * @param transport {@code twilio} or {@code sip}
     * @param badKinds  the kinds of bad messages it counts
     */
    public static void register(String transport, List<String> badKinds) {
        counter("realtime_phone_calls_started_total", "Phone calls whose session opened", transport);
        counter("realtime_phone_calls_ended_total", "Phone calls ended", transport);
        counter("realtime_phone_calls_refused_total", "Phone calls refused a session", transport);
        badKinds.forEach(kind -> bad(transport, kind));
    }

    /** A call got its session ({@code realtime_phone_calls_started_total{transport}}). */
    public static void started(String transport) {
        counter("realtime_phone_calls_started_total", "Phone calls whose session opened", transport).increment();
    }

    /** A call that had its session ended ({@code realtime_phone_calls_ended_total{transport}}). */
    public static void ended(String transport) {
        counter("realtime_phone_calls_ended_total", "Phone calls ended", transport).increment();
    }

    /** A call could not get a session ({@code realtime_phone_calls_refused_total{transport}}). */
    public static void refused(String transport) {
        counter("realtime_phone_calls_refused_total", "Phone calls refused a session", transport).increment();
    }

    /**
     * A message from the transport was malformed or out of place ({@code realtime_phone_bad_messages_total}); the
     * call went on.
     *
     * @param transport {@code twilio} or {@code sip}
     * @param kind      what was wrong, such as {@code malformed}, {@code unknown_event}, {@code media_before_start}
     */
    public static void badMessage(String transport, String kind) {
        bad(transport, kind).increment();
    }

    private static Counter bad(String transport, String kind) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("realtime_phone_bad_messages_total")
                .description("Transport messages of phone calls that were not understood")
                .tags(List.of(Tag.create("transport", transport), Tag.create("kind", kind))));
    }

    private static Counter counter(String name, String description, String transport) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(name).description(description)
                                                            .tags(List.of(Tag.create("transport", transport))));
    }
}
