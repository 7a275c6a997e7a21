package dev.realtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The overrides of one {@code response.create}. Empty fields inherit the session's values.
 *
 * @param outOfBand        {@code conversation:"none"}: the response is not stored in the conversation
 * @param input            explicit input items instead of the conversation
 * @param instructions     instructions override
 * @param tools            tools override
 * @param toolChoice       tool choice override
 * @param temperature      temperature override
 * @param maxOutputTokens  output token limit override
 * @param metadata         metadata echoed in the response object
 * @param outputModalities modalities override
 * @param voice            voice override
 * @param outputFormat     output format override
 */
public record ResponseParams(boolean outOfBand,
                             Optional<List<ResponseInput>> input,
                             Optional<String> instructions,
                             Optional<List<FunctionTool>> tools,
                             Optional<ToolChoice> toolChoice,
                             OptionalDouble temperature,
                             Optional<TokenLimit> maxOutputTokens,
                             Optional<Map<String, String>> metadata,
                             Optional<List<String>> outputModalities,
                             Optional<String> voice,
                             Optional<AudioFormat> outputFormat) {

    /** No overrides. */
    public static ResponseParams none() {
        return new ResponseParams(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                  OptionalDouble.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                  Optional.empty(), Optional.empty());
    }

    /** An input entry of an explicit response input: an inline item or a reference to a conversation item. */
    public sealed interface ResponseInput {
        /** An inline item. */
        record Inline(Item item) implements ResponseInput {
        }

        /** A reference to an existing conversation item. */
        record Reference(String itemId) implements ResponseInput {
        }
    }
}
