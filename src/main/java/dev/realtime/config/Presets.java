package dev.realtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Named partial configurations shipped in {@code etc/presets.yaml} (a map of name to settings). Immutable.
 */
final class Presets {
    private final Map<String, JsonNode> shipped;

    private Presets(Map<String, JsonNode> shipped) {
        this.shipped = shipped;
    }

    /**
     * Reads the presets file.
     *
     * @param file the file; missing means no shipped presets
     * @return the presets
     * @throws ConfigException when the file or a preset is invalid
     */
    static Presets load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Presets(Map.of());
        }
        try {
            ObjectNode root = YamlFile.parse(Files.readAllBytes(file), file.toString());
            Map<String, JsonNode> presets = new LinkedHashMap<>();
            var problems = new ArrayList<ConfigException.Problem>();
            root.properties().forEach(e -> {
                problems.addAll(ConfigTree.check(e.getValue(), file.getFileName() + ": " + e.getKey() + "."));
                presets.put(e.getKey(), e.getValue());
            });
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new Presets(Map.copyOf(presets));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * A preset by name.
     *
     * @throws ConfigException when there is none of that name
     */
    static JsonNode named(Map<String, JsonNode> presets, String name) {
        JsonNode preset = presets.get(name);
        if (preset == null) {
            throw new ConfigException(List.of(new ConfigException.Problem(
                    "preset", "no preset named '" + name + "'; known: " + String.join(", ", presets.keySet()))));
        }
        return preset;
    }

    /**
     * A patch as it applies: {@code "preset": name} replaced by that preset's settings (the patch's other keys
     * after it), and secrets sent back redacted left out.
     *
     * @throws ConfigException when the patch is not an object or names no known preset
     */
    static JsonNode expand(JsonNode patch, Map<String, JsonNode> presets) {
        if (!patch.isObject()) {
            throw new ConfigException(List.of(new ConfigException.Problem("(body)",
                                                                                    "must be a JSON object")));
        }
        ObjectNode rest = ((ObjectNode) patch).deepCopy();
        JsonNode name = rest.remove("preset");
        ConfigView.dropRedacted(rest);
        if (name == null) {
            return rest;
        }
        return ConfigTree.merge((ObjectNode) named(presets, name.asText()).deepCopy(), rest);
    }

    /** The shipped presets with the runtime file's own {@code presets} section over them. */
    Map<String, JsonNode> with(JsonNode own) {
        Map<String, JsonNode> all = new LinkedHashMap<>(shipped);
        if (own.isObject()) {
            own.properties().forEach(e -> all.put(e.getKey(), e.getValue()));
        }
        return all;
    }
}
