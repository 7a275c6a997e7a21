package dev.realtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The effective configuration as the config API shows it: every setting with its value in effect (defaults
 * included; an inactive provider's model and URL as they would be; {@code null} for an optional setting that is
 * not set), secrets redacted (only whether they are set), server tools without their header values, and optionally
 * the layer of each value. Pure.
 */
public final class ConfigView {
    /** What a secret shows instead of its value; sending it back in a patch leaves the secret as it is. */
    public static final String REDACTED = "***";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigView() {
    }

    /**
     * @param store   the store
     * @param sources whether to add a {@code sources} map of path to layer
     * @return the view
     */
    public static ObjectNode of(RuntimeStore store, boolean sources) {
        RuntimeSnapshot snapshot = store.current();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode layers = JSON.createObjectNode();
        Map<String, JsonNode> leaves = ConfigTree.leaves(snapshot.file());
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            JsonNode value;
            if (key.secret()) {
                value = isSet(snapshot, key) ? JSON.getNodeFactory().textNode(REDACTED)
                        : JSON.getNodeFactory().nullNode();
            } else {
                value = value(snapshot, leaves, key);
            }
            put(root, key.path(), value);
            layers.put(key.path(), store.source(key));
        }
        ToolsView.tools(root.putArray("tools"), snapshot.tools());
        root.putArray("presets").addAll(store.presets().keySet().stream()
                                                .map(n -> (JsonNode) JSON.getNodeFactory().textNode(n)).toList());
        if (!snapshot.warnings().isEmpty()) {
            snapshot.warnings().forEach(w -> root.withArray("warnings").add(problem(w)));
        }
        if (sources) {
            root.set("sources", layers);
        }
        return root;
    }

    /**
     * A setting's value as the view shows it: in effect, else as the file or environment set it (an inactive
     * provider's), else its default; {@code null} when none applies. Not for secrets.
     */
    static JsonNode value(RuntimeSnapshot snapshot, ConfigKeys.Key key) {
        return value(snapshot, ConfigTree.leaves(snapshot.file()), key);
    }

    private static JsonNode value(RuntimeSnapshot snapshot, Map<String, JsonNode> leaves, ConfigKeys.Key key) {
        return key.valueIn(snapshot.config()).map(v -> (JsonNode) JSON.valueToTree(v))
                .or(() -> Optional.ofNullable(leaves.get(key.path())))
                .or(() -> Optional.ofNullable(snapshot.env().get(key.env()))
                        .map(v -> JSON.getNodeFactory().textNode(v)))
                .or(() -> key.fallbackIn(snapshot.config()).map(v -> JSON.valueToTree(v)))
                .orElseGet(() -> JSON.getNodeFactory().nullNode());
    }

    /** Whether a secret is set in any layer of a snapshot. */
    static boolean isSet(RuntimeSnapshot snapshot, ConfigKeys.Key secret) {
        return ConfigTree.leaves(snapshot.file()).containsKey(secret.path())
                || !snapshot.env().getOrDefault(secret.env(), "").isBlank();
    }

    /** A problem as {@code {"path","message"}}. */
    public static ObjectNode problem(ConfigException.Problem p) {
        return JSON.createObjectNode().put("path", p.setting()).put("message", p.message());
    }

    /** Every problem as JSON. */
    public static List<ObjectNode> problems(List<ConfigException.Problem> problems) {
        List<ObjectNode> out = new ArrayList<>();
        problems.forEach(p -> out.add(problem(p)));
        return out;
    }

    /** Removes leaves whose value is the redaction placeholder (a client sending the view back). */
    static void dropRedacted(ObjectNode patch) {
        List<String> drop = new ArrayList<>();
        patch.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                dropRedacted((ObjectNode) e.getValue());
            } else if (REDACTED.equals(e.getValue().asText(null))) {
                drop.add(e.getKey());
            }
        });
        drop.forEach(patch::remove);
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.withObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }
}
