package dev.realtime.protocol;

import java.util.Optional;

/**
 * How the model chooses tools: {@code auto}, {@code none}, {@code required}, or one named function.
 *
 * @param mode     {@code auto}, {@code none}, {@code required} or {@code function}
 * @param function the function name when mode is {@code function}
 */
public record ToolChoice(String mode, Optional<String> function) {
    /** The default choice. */
    public static final ToolChoice AUTO = new ToolChoice("auto", Optional.empty());

    /** A choice that forces the named function. */
    public static ToolChoice function(String name) {
        return new ToolChoice("function", Optional.of(name));
    }

    /** The choice as the chat-completions layer spells it: the mode, or the function name. */
    public String asChatChoice() {
        return function.orElse(mode);
    }
}
