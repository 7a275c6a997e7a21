package dev.realtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The runtime configuration as a JSON tree: RFC 7396 merge patches, the leaves as flat settings, and the checks
 * the binder cannot do (unknown keys, read-only keys, non-scalar leaves). Pure.
 */
public final class ConfigTree {
    /** Sections that are not leaves of {@link ConfigKeys}. */
    static final String TOOLS = "tools";
    static final String PRESETS = "presets";

    private ConfigTree() {
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to a copy of the target.
     *
     * @param target the tree
     * @param patch  the patch: objects merge, {@code null} removes, anything else replaces
     * @return the patched copy
     */
    public static ObjectNode merge(ObjectNode target, JsonNode patch) {
        ObjectNode result = target.deepCopy();
        patch.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                result.remove(e.getKey());
            } else if (value.isObject() && result.path(e.getKey()).isObject() && !TOOLS.equals(e.getKey())) {
                result.set(e.getKey(), merge((ObjectNode) result.get(e.getKey()), value));
            } else {
                result.set(e.getKey(), value.deepCopy());
            }
        });
        return result;
    }

    /**
     * The scalar leaves of a tree by dotted path, leaving out {@code tools} and {@code presets}.
     *
     * @param tree the tree
     * @return leaves
     */
    public static Map<String, JsonNode> leaves(JsonNode tree) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collect("", tree, leaves);
        return leaves;
    }

    /**
     * What is wrong with a tree's shape.
     *
     * @param tree   the tree
     * @param prefix path prefix for messages ({@code ""} or {@code presets.name.})
     * @return problems with their paths
     */
    public static List<ConfigException.Problem> check(JsonNode tree, String prefix) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        if (!tree.isObject()) {
            problems.add(new ConfigException.Problem(prefix.isEmpty() ? "(root)" : prefix, "must be a map"));
            return problems;
        }
        leaves(tree).forEach((path, value) -> {
            ConfigKeys.byPath(path).ifPresentOrElse(key -> {
                if (key.envOnly()) {
                    problems.add(new ConfigException.Problem(prefix + path, "is fixed at startup; set "
                            + key.env() + " in the environment instead"));
                } else if (!value.isValueNode()) {
                    problems.add(new ConfigException.Problem(prefix + path, "must be a single value"));
                }
            }, () -> problems.add(new ConfigException.Problem(prefix + path, "unknown key")));
        });
        return problems;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
        node.properties().forEach(e -> {
            String path = prefix + e.getKey();
            if (prefix.isEmpty() && (TOOLS.equals(e.getKey()) || PRESETS.equals(e.getKey()))) {
                return;
            }
            if (e.getValue().isObject() && !ConfigKeys.byPath(path).isPresent()) {
                collect(path + ".", e.getValue(), out);
            } else if (!e.getValue().isNull()) {
                out.put(path, e.getValue());
            }
        });
    }
}
