package dev.realtime.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Performs server tool calls. One runner serves every session; it is called on the thread of the response that made
 * the call (a virtual thread), by many such threads at once.
 */
public interface ToolRunner {
    /**
     * Performs one call. Blocks the calling (virtual) thread; interrupting it abandons the call.
     *
     * @param tool      the tool
     * @param arguments the call's arguments object
     * @return the result for the model; failures are results too
     * @throws ToolCancelledException when the thread was interrupted
     */
    ToolResult run(ServerTool tool, JsonNode arguments);
}
