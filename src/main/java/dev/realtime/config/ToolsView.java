package dev.realtime.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.tools.ServerTool;
import dev.realtime.tools.ServerTools;

/** Server tools in the config view: everything but header values, which may hold secrets. Pure. */
final class ToolsView {
    private ToolsView() {
    }

    static void tools(ArrayNode array, ServerTools tools) {
        for (ServerTool tool : tools.all()) {
            ObjectNode t = array.addObject().put("name", tool.name()).put("description", tool.description());
            t.set("parameters", tool.parameters());
            t.put("method", tool.method()).put("url", tool.url()).put("timeout_ms", tool.timeout().toMillis());
            tool.headers().keySet().forEach(h -> t.withObject("headers").put(h, ConfigView.REDACTED));
        }
    }
}
