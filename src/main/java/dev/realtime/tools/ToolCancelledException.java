package dev.realtime.tools;

/** A server tool call was abandoned because the response that made it was cancelled. */
public final class ToolCancelledException extends RuntimeException {
    /**
     * @param message what was abandoned
     */
    public ToolCancelledException(String message) {
        super(message);
    }
}
