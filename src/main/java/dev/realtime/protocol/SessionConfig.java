package dev.realtime.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The effective configuration of one Realtime session: what {@code session.created} and {@code session.updated}
 * carry. Immutable; {@link SessionUpdate} produces a new value for each accepted {@code session.update}.
 *
 * @param id               {@code sess_} id
 * @param type             {@code realtime} or {@code transcription}
 * @param model            model name reported to the client
 * @param instructions     system instructions
 * @param outputModalities {@code ["audio"]} or {@code ["text"]} (beta may hold both)
 * @param inputFormat      input audio format
 * @param outputFormat     output audio format
 * @param voice            output voice
 * @param speed            output speech speed
 * @param transcription    input transcription settings, empty when off
 * @param noiseReduction   noise reduction type, empty when off
 * @param turnDetection    turn detection, empty for manual turns
 * @param tools            function tools
 * @param toolChoice       tool choice
 * @param maxOutputTokens  output token limit
 * @param temperature      sampling temperature (beta sessions)
 * @param tracing          tracing setting, stored and echoed
 * @param include          extra include fields, stored and echoed
 * @param expiresAt        expiry, epoch seconds
 */
public record SessionConfig(String id,
                            String type,
                            String model,
                            String instructions,
                            List<String> outputModalities,
                            AudioFormat inputFormat,
                            AudioFormat outputFormat,
                            String voice,
                            double speed,
                            Optional<Transcription> transcription,
                            Optional<String> noiseReduction,
                            Optional<TurnDetection> turnDetection,
                            List<FunctionTool> tools,
                            ToolChoice toolChoice,
                            TokenLimit maxOutputTokens,
                            OptionalDouble temperature,
                            JsonNode tracing,
                            List<String> include,
                            long expiresAt) {

    /** Session type of a conversation session. */
    public static final String REALTIME = "realtime";
    /** Session type of a transcription-only session. */
    public static final String TRANSCRIPTION = "transcription";

    /** Normalises lists to immutable copies. */
    public SessionConfig {
        outputModalities = List.copyOf(outputModalities);
        tools = List.copyOf(tools);
        include = List.copyOf(include);
    }

    /**
     * The protocol defaults (protocol.md §3.4) for a new session.
     *
     * @param id           session id
     * @param type         session type
     * @param model        model name to report
     * @param instructions default instructions
     * @param voice        default voice
     * @param expiresAt    expiry, epoch seconds
     * @return the default configuration
     */
    public static SessionConfig defaults(String id, String type, String model, String instructions, String voice,
                                         long expiresAt) {
        return new SessionConfig(id, type, model, instructions, List.of("audio"), AudioFormat.PCM16,
                                 AudioFormat.PCM16, voice, 1.0, Optional.empty(), Optional.empty(),
                                 Optional.of(TurnDetection.serverVad()), List.of(), ToolChoice.AUTO, TokenLimit.INF,
                                 OptionalDouble.empty(), NullNode.getInstance(), List.of(), expiresAt);
    }

    /** Whether responses of this session produce audio by default. */
    public boolean audioOutput() {
        return outputModalities.contains("audio");
    }

    /** Whether this is a transcription-only session. */
    public boolean transcriptionOnly() {
        return TRANSCRIPTION.equals(type);
    }

    /** A builder initialised from this configuration. */
    public SessionConfigBuilder toBuilder() {
        return new SessionConfigBuilder(this);
    }
}
