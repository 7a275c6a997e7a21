package dev.realtime.observe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;

/**
 * The engine's meters in Helidon's global registry, scraped as Prometheus text at {@code /metrics}: sessions,
 * turns, responses by status, latency histograms of the voice path, provider errors, and audio seconds in and out.
 * Thread-safe; called from session, response and speaker threads.
 */
public final class EngineMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    // Helidon counters count whole units; audio is summed in seconds and exposed through gauges that only grow
    private static final DoubleAdder AUDIO_IN = new DoubleAdder();
    private static final DoubleAdder AUDIO_OUT = new DoubleAdder();
    private static final LongAdder VAD_FRAMES = new LongAdder();
    private static final LongAdder VAD_RUNS = new LongAdder();

    static {
        registry().getOrCreate(Gauge.builder("realtime_sessions_active", ACTIVE, AtomicInteger::get)
                                       .description("Sessions open now"));
        registry().getOrCreate(Gauge.builder("realtime_audio_in_seconds", AUDIO_IN, DoubleAdder::sum)
                                       .description("Seconds of audio received from clients (only grows)"));
        registry().getOrCreate(Gauge.builder("realtime_audio_out_seconds", AUDIO_OUT, DoubleAdder::sum)
                                       .description("Seconds of audio sent to clients (only grows)"));
        registry().getOrCreate(Gauge.builder("realtime_vad_model_frames", VAD_FRAMES, LongAdder::sum)
                                       .description("Frames the Silero model scored (only grows); silent frames"
                                                            + " answered without it are not counted"));
        registry().getOrCreate(Gauge.builder("realtime_vad_model_runs", VAD_RUNS, LongAdder::sum)
                                       .description("Silero model runs (only grows); frames / runs is the mean"
                                                            + " batch across sessions"));
    }

    private EngineMetrics() {
    }

    /** A session opened. */
    public static void sessionOpened() {
        ACTIVE.incrementAndGet();
        counter("realtime_sessions_total", "Sessions opened").increment();
    }

    /** A session closed. */
    public static void sessionClosed() {
        ACTIVE.decrementAndGet();
    }

    /** A user turn was committed (voice). */
    public static void turn() {
        counter("realtime_turns_total", "User voice turns").increment();
    }

    /** A response ended with this status. */
    public static void response(String status) {
        registry().getOrCreate(Counter.builder("realtime_responses_total").description("Responses by status")
                                       .tags(java.util.List.of(io.helidon.metrics.api.Tag.create("status", status))))
                .increment();
    }

    /** From the end of the user's speech to the first audio of the answer. */
    public static void endOfSpeechToFirstAudio(Duration d) {
        timer("realtime_end_of_speech_to_first_audio", "End of user speech to first answer audio").record(d);
    }

    /** From the model request to its first token. */
    public static void llmFirstToken(Duration d) {
        timer("realtime_llm_first_token", "Model request to first token").record(d);
    }

    /** From a text piece sent to speech synthesis to its first audio. */
    public static void ttsFirstByte(Duration d) {
        timer("realtime_tts_first_byte", "Speech synthesis request to first audio").record(d);
    }

    /** From the end of a turn to its final transcript. */
    public static void sttFinal(Duration d) {
        timer("realtime_stt_final_latency", "End of turn to final transcript").record(d);
    }

    /**
     * An upstream call failed.
     *
     * @param provider  the configured provider name of the stage, or a server tool's name
     * @param operation {@code chat}, {@code transcribe}, {@code speak} or {@code tool_call}
     * @param kind      {@code auth_failed}, {@code rate_limited}, {@code bad_request}, {@code not_found},
     *                  {@code server_error}, {@code timeout}, {@code stream_broken} or {@code unreachable}
     */
    public static void providerError(String provider, String operation, String kind) {
        registry().getOrCreate(Counter.builder("realtime_provider_errors_total")
                                       .description("Upstream failures by provider, operation and kind")
                                       .tags(java.util.List.of(io.helidon.metrics.api.Tag.create("provider", provider),
                                                               io.helidon.metrics.api.Tag.create("operation",
                                                                                                 operation),
                                                               io.helidon.metrics.api.Tag.create("kind", kind))))
                .increment();
    }

    /** Silero scored a batch of frames in one run; called on the batch thread. */
    public static void vadBatch(int frames) {
        VAD_FRAMES.add(frames);
        VAD_RUNS.increment();
    }

    /** Seconds of client audio received. */
    public static void audioIn(double seconds) {
        AUDIO_IN.add(seconds);
    }

    /** Seconds of answer audio sent. */
    public static void audioOut(double seconds) {
        AUDIO_OUT.add(seconds);
    }

    private static Counter counter(String name, String description) {
        return registry().getOrCreate(Counter.builder(name).description(description));
    }

    private static Timer timer(String name, String description) {
        return registry().getOrCreate(Timer.builder(name).description(description).buckets(BUCKETS));
    }

    private static MeterRegistry registry() {
        return Metrics.globalRegistry();
    }
}
