package dev.realtime.tools;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The configured headers of a tool: checked at startup (text values, names and values the JDK client accepts, every
 * {@code ${NAME}} set in the environment) and expanded for each request. An expanded value may be a secret, so no
 * message made here contains a value. Pure.
 */
final class ToolHeaders {
    private ToolHeaders() {
    }

    /**
     * Binds the {@code headers} of one tool, adding a problem for each bad entry.
     *
     * @param path     path of the tool, such as {@code tools[0]}
     * @param node     the {@code headers} value, possibly missing
     * @param env      environment the values refer to
     * @param problems where problems are collected
     * @return the header templates (secrets not expanded), in configuration order
     */
    static Map<String, String> bind(String path, JsonNode node, Map<String, String> env, List<String> problems) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            problems.add(path + ".headers: must be a map of header names to text values");
            return headers;
        }
        node.properties().forEach(entry -> {
            String at = path + ".headers." + entry.getKey();
            if (!entry.getValue().isTextual()) {
                problems.add(at + ": must be a text value (quote numbers and booleans)");
                return;
            }
            String template = entry.getValue().asText();
            List<String> missing = EnvReferences.names(template).stream().filter(n -> !env.containsKey(n)).toList();
            missing.forEach(n -> problems.add(at + ": environment variable " + n + " is not set"));
            if (missing.isEmpty()) {
                checkAccepted(at, entry.getKey(), EnvReferences.expand(template, env), problems);
            }
            headers.put(entry.getKey(), template);
        });
        return headers;
    }

    /**
     * Sets the headers of one request with secrets expanded.
     *
     * @throws IllegalArgumentException naming the header (never its value) when the client refuses it
     */
    static void apply(Map<String, String> headers, Map<String, String> env, HttpRequest.Builder builder) {
        headers.forEach((name, template) -> {
            try {
                builder.header(name, EnvReferences.expand(template, env));
            } catch (IllegalArgumentException e) {
                // the JDK's message quotes the value, which may be a secret
                throw new IllegalArgumentException("header " + name + " has a value the HTTP client refuses");
            }
        });
    }

    /** Whether a header of that name is configured, ignoring case as HTTP does. */
    static boolean has(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    private static void checkAccepted(String at, String name, String value, List<String> problems) {
        try {
            HttpRequest.newBuilder().header(name, "x");
        } catch (IllegalArgumentException e) {
            problems.add(at + ": the HTTP client does not accept this header (" + e.getMessage() + ")");
            return;
        }
        try {
            HttpRequest.newBuilder().header(name, value);
        } catch (IllegalArgumentException e) {
            problems.add(at + ": the value, once environment variables are expanded, is not a valid header value");
        }
    }
}
