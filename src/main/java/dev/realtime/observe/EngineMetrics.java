package dev.realtime.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import dev.realtime.socket.CloseReason;

/**
 * The engine's meters in Helidon's global registry, scraped as Prometheus text at {@code /metrics}: sessions,
 * turns, responses by status, latency histograms of the voice path, provider errors, and audio seconds in and out.
 * Thread-safe; called from session, response and speaker threads.
 */
public final class EngineMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final String SESSIONS_TOTAL = "realtime_sessions_total";
    private static final String SESSIONS_TOTAL_HELP = "Sessions opened";
    private static final String TURNS_TOTAL = "realtime_turns_total";
    private static final String TURNS_TOTAL_HELP = "User voice turns";
    private static final String END_OF_SPEECH = "realtime_end_of_speech_to_first_audio";
    private static final String END_OF_SPEECH_HELP = "End of user speech to first answer audio";
    private static final String LLM_FIRST_TOKEN = "realtime_llm_first_token";
    private static final String LLM_FIRST_TOKEN_HELP = "Model request to first token";
    private static final String TTS_FIRST_BYTE = "realtime_tts_first_byte";
    private static final String TTS_FIRST_BYTE_HELP = "Speech synthesis request to first audio";
    private static final String STT_FINAL = "realtime_stt_final_latency";
    private static final String STT_FINAL_HELP = "End of turn to final transcript";
    /** The statuses a response ends with ({@code response.done}). */
    private static final List<String> RESPONSE_STATUSES = List.of("completed", "cancelled", "failed", "incomplete");
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    // Helidon counters count whole units; audio is summed in seconds and exposed through gauges that only grow
    private static final DoubleAdder AUDIO_IN = new DoubleAdder();
    private static final DoubleAdder AUDIO_OUT = new DoubleAdder();
    private static final LongAdder VAD_FRAMES = new LongAdder();
    private static final LongAdder VAD_RUNS = new LongAdder();
    private static final AtomicLong STORED = new AtomicLong();
    // the meters of events that come per turn or per piece, looked up once (a look-up builds a builder and its tags)
    private static final Counter SESSIONS = counter(SESSIONS_TOTAL, SESSIONS_TOTAL_HELP);
    private static final Counter TURNS = counter(TURNS_TOTAL, TURNS_TOTAL_HELP);
    private static final Map<String, Counter> RESPONSES = responseCounters();
    private static final Map<CloseReason, Counter> WS_CLOSED = closeCounters();
    private static final Timer END_OF_SPEECH_TIMER = timer(END_OF_SPEECH, END_OF_SPEECH_HELP);
    private static final Timer LLM_FIRST_TOKEN_TIMER = timer(LLM_FIRST_TOKEN, LLM_FIRST_TOKEN_HELP);
    private static final Timer TTS_FIRST_BYTE_TIMER = timer(TTS_FIRST_BYTE, TTS_FIRST_BYTE_HELP);
    private static final Timer STT_FINAL_TIMER = timer(STT_FINAL, STT_FINAL_HELP);

    static {
        registry().getOrCreate(Gauge.builder("realtime_sessions_active", ACTIVE, AtomicInteger::get)
                                       .description("Sessions open now"));
        registry().getOrCreate(Gauge.builder("realtime_audio_in_seconds", AUDIO_IN, DoubleAdder::sum)
                                       .description("Seconds of audio received from clients (only grows)"));
        registry().getOrCreate(Gauge.builder("realtime_audio_out_seconds", AUDIO_OUT, DoubleAdder::sum)
                                       .description("Seconds of audio sent to clients (only grows)"));
        registry().getOrCreate(Gauge.builder("realtime_session_stored_bytes", STORED, AtomicLong::get)
                                       .description("Bytes the open sessions store: conversation items, kept"
                                                            + " audio of user turns, timing of spoken answers"));
        registry().getOrCreate(Gauge.builder("realtime_vad_model_frames", VAD_FRAMES, LongAdder::sum)
                                       .description("Frames the Silero model scored (only grows); silent frames"
                                                            + " answered without it are not counted"));
        registry().getOrCreate(Gauge.builder("realtime_vad_model_runs", VAD_RUNS, LongAdder::sum)
                                       .description("Silero model runs (only grows); frames / runs is the mean"
                                                            + " batch across sessions"));
    }

    private EngineMetrics() {
    }

    /**
     * Creates every series at zero, so a scrape right after startup shows them all (a dashboard reads 0, not "no
     * data"). Called once when the engine is wired; idempotent.
     */
    public static void register() {
        // the meters are created when this class is initialised, which this call makes sure of
    }

    /** A session opened. */
    public static void sessionOpened() {
        ACTIVE.incrementAndGet();
        SESSIONS.increment();
    }

    /** A session closed. */
    public static void sessionClosed() {
        ACTIVE.decrementAndGet();
    }

    /**
     * A client connection that was admitted ended, for this reason ({@code realtime_ws_closed_total{reason}}).
     *
     * @param reason why it ended
     */
    public static void connectionEnded(CloseReason reason) {
        WS_CLOSED.get(reason).increment();
    }

    /** A user turn was committed (voice). */
    public static void turn() {
        TURNS.increment();
    }

    /** A response ended with this status. */
    public static void response(String status) {
        Counter counter = RESPONSES.get(status);
        (counter != null ? counter : responses(status)).increment();
    }

    /** From the end of the user's speech to the first audio of the answer. */
    public static void endOfSpeechToFirstAudio(Duration d) {
        END_OF_SPEECH_TIMER.record(d);
    }

    /** From the model request to its first token. */
    public static void llmFirstToken(Duration d) {
        LLM_FIRST_TOKEN_TIMER.record(d);
    }

    /** From a text piece sent to speech synthesis to its first audio. */
    public static void ttsFirstByte(Duration d) {
        TTS_FIRST_BYTE_TIMER.record(d);
    }

    /** From the end of a turn to its final transcript. */
    public static void sttFinal(Duration d) {
        STT_FINAL_TIMER.record(d);
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
        providerErrors(provider, operation, kind).increment();
    }

    /**
     * Creates a provider's failure series at zero, so they show before its first failure. Called when the
     * providers are built; idempotent.
     *
     * @param provider  the configured provider name or a server tool's name
     * @param operation {@code chat}, {@code transcribe}, {@code speak} or {@code tool_call}
     * @param kinds     every failure kind
     */
    public static void registerProviderErrors(String provider, String operation, List<String> kinds) {
        kinds.forEach(kind -> providerErrors(provider, operation, kind));
    }

    private static Counter providerErrors(String provider, String operation, String kind) {
        return registry().getOrCreate(Counter.builder("realtime_provider_errors_total")
                                              .description("Upstream failures by provider, operation and kind")
                                              .tags(List.of(Tag.create("provider", provider),
                                                            Tag.create("operation", operation),
                                                            Tag.create("kind", kind))));
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

    /** What the open sessions store grew (or shrank) by; called on session loops. */
    public static void storedBytes(long delta) {
        STORED.addAndGet(delta);
    }

    /** Seconds of answer audio sent. */
    public static void audioOut(double seconds) {
        AUDIO_OUT.add(seconds);
    }

    private static Map<String, Counter> responseCounters() {
        Map<String, Counter> counters = new HashMap<>();
        RESPONSE_STATUSES.forEach(status -> counters.put(status, responses(status)));
        return Map.copyOf(counters);
    }

    private static Map<CloseReason, Counter> closeCounters() {
        Map<CloseReason, Counter> counters = new EnumMap<>(CloseReason.class);
        for (CloseReason reason : CloseReason.values()) {
            counters.put(reason, wsClosed(reason));
        }
        return counters;
    }

    private static Counter responses(String status) {
        return registry().getOrCreate(Counter.builder("realtime_responses_total").description("Responses by status")
                                              .tags(List.of(Tag.create("status", status))));
    }

    private static Counter wsClosed(CloseReason reason) {
        return registry().getOrCreate(Counter.builder("realtime_ws_closed_total")
                                              .description("Client connections ended, by reason")
                                              .tags(List.of(Tag.create("reason", reason.label()))));
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
