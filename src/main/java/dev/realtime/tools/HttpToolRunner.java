package dev.realtime.tools;

import java.net.http.HttpClient;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Placeholder. */
public final class HttpToolRunner implements ToolRunner {
    public static HttpToolRunner create(HttpClient client, Map<String, String> env) {
        return new HttpToolRunner();
    }

    @Override
    public ToolResult run(ServerTool tool, JsonNode arguments) {
        throw new UnsupportedOperationException("placeholder");
    }
}
