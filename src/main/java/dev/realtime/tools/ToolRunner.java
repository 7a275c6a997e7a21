package dev.realtime.tools;

import com.fasterxml.jackson.databind.JsonNode;

/** Performs server tool calls. */
public interface ToolRunner {
    ToolResult run(ServerTool tool, JsonNode arguments);
}
