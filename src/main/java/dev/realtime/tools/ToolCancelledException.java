package dev.realtime.tools;

/** Placeholder. */
public class ToolCancelledException extends RuntimeException {
    public ToolCancelledException(String message) {
        super(message);
    }
}
