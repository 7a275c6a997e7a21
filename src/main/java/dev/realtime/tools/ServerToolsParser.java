package dev.realtime.tools;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
    private static final List<String> KEYS = List.of("name", "description", "parameters", "method", "url",
                                                     "headers", "timeout_ms");
    private static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final long MAX_TIMEOUT_MS = 120_000;

    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> env;

    private ServerToolsParser(Map<String, String> env) {
        this.env = env;
    }

    static List<ServerTool> parse(JsonNode array, Map<String, String> env) {
        if (!array.isArray()) {
            throw new ServerToolException(List.of("tools: must be a list of tools"));
        }
        ServerToolsParser parser = new ServerToolsParser(env);
        List<ServerTool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode name = array.get(i).path("name");
            // a twin is reported even when either tool has other problems too
            if (name.isTextual() && NAME.matcher(name.asText()).matches() && !names.add(name.asText())) {
                parser.problems.add("tools[" + i + "].name: '" + name.asText() + "' is declared twice");
            }
            parser.tool("tools[" + i + "]", array.get(i)).ifPresent(tools::add);
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
        if (parameters.isMissingNode() || parameters.isNull()) {
            problems.add(path + ".parameters: is required");
        } else if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
            problems.add(path + ".parameters: must be a JSON Schema object with \"type\": \"object\"");
        }
        String method = text(node, path, "method", false).toUpperCase(Locale.ROOT);
        method = method.isEmpty() ? "GET" : method;
        if (!METHODS.contains(method)) {
            problems.add(path + ".method: must be one of GET, POST, PUT, PATCH, DELETE");
        }
        String url = text(node, path, "url", true);
        checkUrl(path, url, parameters);
        Map<String, String> headers = ToolHeaders.bind(path, node.path("headers"), env, problems);
        JsonNode timeoutMs = node.path("timeout_ms");
        long timeout = timeoutMs.isMissingNode() ? DEFAULT_TIMEOUT_MS : timeoutMs.asLong();
        boolean whole = timeoutMs.isIntegralNumber() && timeoutMs.canConvertToLong();
        if (!timeoutMs.isMissingNode() && !whole || timeout < 1 || timeout > MAX_TIMEOUT_MS) {
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
        if (UrlTemplate.templatedOrigin(url)) {
            problems.add(path + ".url: placeholders may only be in the path and query: the host a tool calls, and "
                                 + "sends its headers to, is fixed by configuration");
        }
        for (String placeholder : UrlTemplate.placeholders(url)) {
            if (!parameters.path("properties").has(placeholder)) {
                problems.add(path + ".url: placeholder {" + placeholder + "} is not a property of the parameters");
            }
        }
        try {
            URI uri = URI.create(UrlTemplate.sample(url));
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
                problems.add(path + ".url: must be an absolute http or https URL");
            } else if (uri.getRawFragment() != null) {
                problems.add(path + ".url: must not have a #fragment (query parameters are appended to the URL)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(path + ".url: not a valid URL (" + e.getMessage() + ")");
        }
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
