package dev.realtime.tools;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.llm.ToolSpec;

/**
 * A server-side tool: a function the model may call that the engine performs itself as one HTTP request, without a
 * client round trip. Declared in configuration. Immutable.
 *
 * @param name        function name the model calls, unique among the session's tools
 * @param description what the function does, for the model
 * @param parameters  JSON Schema of the arguments object
 * @param method      HTTP method ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
 * @param url         URL template; {@code {arg}} placeholders are filled from the call's arguments
 * @param headers     request headers; {@code ${NAME}} in a value is replaced by the environment variable {@code NAME}
 *                    when the request is made, so secrets never sit in the configuration itself
 * @param timeout     limit for the whole request; a call that takes longer is reported to the model as an error
 */
public record ServerTool(String name,
                         String description,
                         JsonNode parameters,
                         String method,
                         String url,
                         Map<String, String> headers,
                         Duration timeout) {
    public ServerTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The scheme, host and port every call of this tool goes to (placeholders cannot change it). */
    public String origin() {
        return UrlTemplate.origin(url);
    }

    /** The environment variables its headers send. */
    public Set<String> secretVariables() {
        Set<String> names = new TreeSet<>();
        headers.values().forEach(v -> names.addAll(EnvReferences.names(v)));
        return names;
    }

    /** The function as the model sees it. */
    public ToolSpec spec() {
        return new ToolSpec(name, description, parameters);
    }
}
