package dev.realtime.tools;

/** Placeholder. */
public record ToolResult(boolean ok, String output) {
}
