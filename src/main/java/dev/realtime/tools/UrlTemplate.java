package dev.realtime.tools;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool's URL template: {@code {name}} placeholders filled from the call's arguments, each value percent-encoded
 * as one URI component; for requests without a body the remaining arguments become query parameters. Pure.
 */
final class UrlTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private UrlTemplate() {
    }

    /**
     * The URL of one call.
     *
     * @param url   the filled URL
     * @param used  the arguments the placeholders took
     */
    record Filled(String url, Set<String> used) {
    }

    /** Whether a placeholder sits in the scheme or authority, where an argument could choose the host. */
    static boolean templatedOrigin(String template) {
        int start = template.indexOf("://");
        int from = start < 0 ? 0 : start + 3;
        int end = from;
        while (end < template.length() && "/?#".indexOf(template.charAt(end)) < 0) {
            end++;
        }
        int brace = template.indexOf('{');
        return brace >= 0 && brace < end;
    }

    /** The scheme, host and port a template always calls, such as {@code https://shop.example:443}. */
    static String origin(String template) {
        URI uri = URI.create(sample(template));
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The placeholder names of a template, in order. */
    static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The template with every placeholder replaced by a dummy value, to check the URL's shape at startup. */
    static String sample(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("x");
    }

    /**
     * Fills a template.
     *
     * @param template  the template
     * @param arguments the call's arguments object
     * @param restAsQuery whether arguments no placeholder took become query parameters
     * @return the URL
     * @throws IllegalArgumentException when a placeholder has no argument
     */
    static Filled fill(String template, JsonNode arguments, boolean restAsQuery) {
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            JsonNode value = arguments.get(m.group(1));
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("argument '" + m.group(1) + "' is required by the URL");
            }
            used.add(m.group(1));
            m.appendReplacement(url, Matcher.quoteReplacement(encode(text(value))));
        }
        m.appendTail(url);
        if (restAsQuery) {
            StringBuilder query = new StringBuilder();
            for (Map.Entry<String, JsonNode> field : arguments.properties()) {
                if (used.contains(field.getKey()) || field.getValue().isNull()) {
                    continue;
                }
                List<JsonNode> values = new ArrayList<>();
                if (field.getValue().isArray()) {
                    field.getValue().forEach(values::add);
                } else {
                    values.add(field.getValue());
                }
                for (JsonNode v : values) {
                    query.append(query.isEmpty() ? "" : "&").append(encode(field.getKey())).append('=')
                            .append(encode(text(v)));
                }
            }
            if (!query.isEmpty()) {
                url.append(url.indexOf("?") >= 0 ? "&" : "?").append(query);
            }
        }
        return new Filled(url.toString(), Set.copyOf(used));
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Percent-encoding of one URI component (RFC 3986 unreserved characters stay as they are). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
