package dev.realtime.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The response object of {@code response.created} and {@code response.done}.
 *
 * @param id               {@code resp_} id
 * @param status           status
 * @param statusDetails    why it ended, when not completed normally
 * @param output           output items (without audio bytes)
 * @param conversationId   conversation it writes to, empty for out-of-band responses
 * @param outputModalities modalities
 * @param maxOutputTokens  token limit
 * @param voice            voice
 * @param outputFormat     output audio format
 * @param temperature      temperature (beta)
 * @param usage            token usage, when done
 * @param metadata         client metadata
 */
public record ResponseInfo(String id,
                           Status status,
                           Optional<StatusDetails> statusDetails,
                           List<Item> output,
                           Optional<String> conversationId,
                           List<String> outputModalities,
                           TokenLimit maxOutputTokens,
                           String voice,
                           AudioFormat outputFormat,
                           OptionalDouble temperature,
                           Optional<Usage> usage,
                           Optional<Map<String, String>> metadata) {

    /** Immutable lists. */
    public ResponseInfo {
        output = List.copyOf(output);
        outputModalities = List.copyOf(outputModalities);
    }

    /** Response status values. */
    public enum Status {
        /** Streaming. */
        IN_PROGRESS,
        /** Finished normally. */
        COMPLETED,
        /** Cancelled by the client or by a detected turn. */
        CANCELLED,
        /** Failed upstream. */
        FAILED,
        /** Ended early, for example at the token limit. */
        INCOMPLETE;

        /** Wire spelling. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why a response ended.
     *
     * @param type   {@code cancelled}, {@code incomplete} or {@code failed}
     * @param reason reason such as {@code client_cancelled}, {@code turn_detected}, {@code max_output_tokens}
     * @param error  the error of a failed response
     */
    public record StatusDetails(String type, Optional<String> reason, Optional<ErrorInfo> error) {
    }

    /**
     * Token usage.
     *
     * @param inputTokens  prompt tokens
     * @param outputTokens completion tokens
     */
    public record Usage(int inputTokens, int outputTokens) {
        /** Sum of both. */
        public int totalTokens() {
            return inputTokens + outputTokens;
        }
    }

    /** This response, finished with a status, output and usage. */
    public ResponseInfo finish(Status newStatus, Optional<StatusDetails> details, List<Item> newOutput,
                               Usage newUsage) {
        return new ResponseInfo(id, newStatus, details, newOutput, conversationId, outputModalities,
                                maxOutputTokens, voice, outputFormat, temperature, Optional.of(newUsage), metadata);
    }
}
