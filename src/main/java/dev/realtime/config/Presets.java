package dev.realtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
            var problems = new java.util.ArrayList<ConfigException.Problem>();
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

    /** The shipped presets with the runtime file's own {@code presets} section over them. */
    Map<String, JsonNode> with(JsonNode own) {
        Map<String, JsonNode> all = new LinkedHashMap<>(shipped);
        if (own.isObject()) {
            own.properties().forEach(e -> all.put(e.getKey(), e.getValue()));
        }
        return all;
    }
}
