package dev.realtime.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads the {@code tools} section of the runtime YAML file. YAML is read with Jackson so that the JSON Schemas of
 * the tools keep their scalar types. Called once at startup, on the main thread.
 */
public final class ServerToolsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ServerToolsFile() {
    }

    /**
     * @param file the runtime YAML file; a missing file or section means no server tools
     * @param env  environment variables, for the secrets headers refer to
     * @return the tools
     * @throws ServerToolException when the section is invalid
     */
    public static ServerTools load(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            return ServerTools.none();
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            JsonNode tools = root == null ? null : root.get("tools");
            return tools == null || tools.isNull() ? ServerTools.none() : ServerTools.fromJson(tools, env);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
