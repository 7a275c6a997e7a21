package dev.realtime.upstream;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

import dev.realtime.observe.EngineMetrics;

/**
 * One failure of an upstream call as the session side sees it: which provider, doing what, how it failed.
 * {@link #report()} logs it once at WARNING and counts it in {@code realtime_provider_errors_total}; it is called
 * where the failure reaches the session (the response run for {@code chat}, the speaker for {@code speak}, the
 * session loop for {@code transcribe}, the server-call runner for {@code tool_call}), on a thread whose
 * {@code LogContext} names the session. Immutable.
 *
 * @param provider  the configured provider name ({@code groq}, {@code deepgram}, ...) or a server tool's name
 * @param operation {@code chat}, {@code transcribe}, {@code speak} or {@code tool_call}
 * @param kind      how it failed
 * @param status    the HTTP status, when there was one
 * @param message   what happened, in words (the provider's message when it gave one)
 */
public record UpstreamFailure(String provider, String operation, FailureKind kind, OptionalInt status,
                              String message) {

    /** Operation label of a model call. */
    public static final String CHAT = "chat";
    /** Operation label of a transcription. */
    public static final String TRANSCRIBE = "transcribe";
    /** Operation label of a speech synthesis. */
    public static final String SPEAK = "speak";
    /** Operation label of a server tool call. */
    public static final String TOOL_CALL = "tool_call";

    private static final System.Logger LOGGER = System.getLogger(UpstreamFailure.class.getName());

    public UpstreamFailure {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param provider  the configured provider name or the tool's name
     * @param operation the operation label
     * @param fault     what went wrong
     * @return the failure
     */
    public static UpstreamFailure of(String provider, String operation, Fault fault) {
        return new UpstreamFailure(provider, operation, fault.kind(), fault.status(), fault.detail());
    }

    /** Logs the failure once at WARNING and counts it. Call once per failure, on a thread of the session. */
    public void report() {
        LOGGER.log(Level.WARNING, () -> "upstream failure: provider=" + provider + " operation=" + operation
                + " kind=" + kind.label() + (status.isPresent() ? " status=" + status.getAsInt() + " message="
                + message : " cause=" + message));
        EngineMetrics.providerError(provider, operation, kind.label());
    }

    /**
     * Creates the failure series of a provider and operation at zero, one per kind. Called when providers are built.
     *
     * @param provider  the configured provider name or a server tool's name
     * @param operation the operation label
     */
    public static void registerSeries(String provider, String operation) {
        EngineMetrics.registerProviderErrors(provider, operation,
                                             Arrays.stream(FailureKind.values()).map(FailureKind::label).toList());
    }

    /** @return the client's error code, e.g. {@code upstream_server_error} */
    public String code() {
        return kind.errorCode();
    }

    /** @return the client's message, e.g. {@code groq chat failed: HTTP 429: Rate limit reached} */
    public String clientMessage() {
        return provider + " " + operation + " failed: "
                + (status.isPresent() ? "HTTP " + status.getAsInt() + ": " + message : message);
    }
}
