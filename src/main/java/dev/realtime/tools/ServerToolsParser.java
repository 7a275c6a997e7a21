package dev.realtime.tools;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Binds and checks the configured server tools, collecting every problem with its path before giving up. Pure.
 */
final class ServerToolsParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> KEYS = Set.of("name", "description", "parameters", "method", "url", "headers",
                                                   "timeout_ms");
    private static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final long MAX_TIMEOUT_MS = 120_000;

    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> env;

    private ServerToolsParser(Map<String, String> env) {
        this.env = env;
    }

    static List<ServerTool> parse(JsonNode array, Map<String, String> env) {
        ServerToolsParser parser = new ServerToolsParser(env);
        List<ServerTool> tools = new ArrayList<>();
        if (!array.isArray()) {
            throw new ServerToolException(List.of("tools: must be a list of tools"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            int index = i;
            parser.tool("tools[" + i + "]", array.get(i)).ifPresent(tool -> {
                if (!names.add(tool.name())) {
                    parser.problems.add("tools[" + index + "].name: '" + tool.name() + "' is declared twice");
                }
                tools.add(tool);
            });
        }
        if (!parser.problems.isEmpty()) {
            throw new ServerToolException(parser.problems);
        }
        return tools;
    }

    /** One tool, or empty when it has problems (recorded). */
    private Optional<ServerTool> tool(String path, JsonNode node) {
        int before = problems.size();
        if (!node.isObject()) {
            problems.add(path + ": must be an object");
            return Optional.empty();
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add(path + "." + k + ": unknown key (expected one of " + String.join(", ", KEYS) + ")");
            }
        });
        String name = text(node, path, "name", true);
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            problems.add(path + ".name: must match [a-zA-Z0-9_-]{1,64}");
        }
        String description = text(node, path, "description", true);
        JsonNode parameters = node.path("parameters");
        if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
            problems.add(path + ".parameters: must be a JSON Schema object with \"type\": \"object\"");
        }
        String method = text(node, path, "method", false).toUpperCase();
        method = method.isEmpty() ? "GET" : method;
        if (!METHODS.contains(method)) {
            problems.add(path + ".method: must be one of GET, POST, PUT, PATCH, DELETE");
        }
        String url = text(node, path, "url", true);
        checkUrl(path, url, parameters);
        Map<String, String> headers = headers(path, node.path("headers"));
        long timeout = node.path("timeout_ms").isMissingNode() ? DEFAULT_TIMEOUT_MS : node.path("timeout_ms").asLong(-1);
        if (!node.path("timeout_ms").isMissingNode() && !node.path("timeout_ms").canConvertToLong()
                || timeout < 1 || timeout > MAX_TIMEOUT_MS) {
            problems.add(path + ".timeout_ms: must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ServerTool(name, description, parameters.deepCopy(), method, url, headers,
                                          Duration.ofMillis(timeout)));
    }

    private void checkUrl(String path, String url, JsonNode parameters) {
        if (url.isEmpty()) {
            return;
        }
        for (String placeholder : UrlTemplate.placeholders(url)) {
            if (!parameters.path("properties").has(placeholder)) {
                problems.add(path + ".url: placeholder {" + placeholder + "} is not a property of the parameters");
            }
        }
        try {
            URI uri = URI.create(url.replaceAll("\\{[^}]*}", "x"));
            if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                problems.add(path + ".url: must be an absolute http or https URL");
            }
        } catch (IllegalArgumentException e) {
            problems.add(path + ".url: not a valid URL (" + e.getMessage() + ")");
        }
    }

    private Map<String, String> headers(String path, JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            problems.add(path + ".headers: must be a map of header names to values");
            return headers;
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problems.add(path + ".headers." + e.getKey() + ": must be a text value");
                return;
            }
            for (String variable : EnvReferences.names(e.getValue().asText())) {
                if (!env.containsKey(variable)) {
                    problems.add(path + ".headers." + e.getKey() + ": environment variable " + variable
                                         + " is not set");
                }
            }
            headers.put(e.getKey(), e.getValue().asText());
        });
        return headers;
    }

    private String text(JsonNode node, String path, String key, boolean required) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problems.add(path + "." + key + ": is required");
            }
            return "";
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(path + "." + key + ": must be a non-empty string");
            return "";
        }
        return value.asText();
    }
}
