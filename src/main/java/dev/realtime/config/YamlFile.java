package dev.realtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The runtime YAML file, read and written with Jackson's YAML module: Helidon config keeps every scalar as a string
 * and cannot write, while the config API needs typed values (tool schemas, numbers) and atomic writes. A write
 * goes to a temporary file in the same folder, is forced to disk, then renamed over the file, so a crash leaves
 * either the old file or the new one whole. Called under the store's lock.
 */
final class YamlFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                                                                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                                                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The last step of a write; a test replaces it to simulate a crash before the rename. */
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    private final Path file;
    private final Rename rename;

    YamlFile(Path file, Rename rename) {
        this.file = file;
        this.rename = rename;
    }

    static YamlFile at(Path file) {
        return new YamlFile(file, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                                                           StandardCopyOption.REPLACE_EXISTING));
    }

    Path path() {
        return file;
    }

    /** The file's bytes, empty when it does not exist. */
    byte[] bytes() {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses file content.
     *
     * @throws ConfigException when it is not a YAML map
     */
    static ObjectNode parse(byte[] bytes, String name) {
        if (bytes.length == 0) {
            return YAML.createObjectNode();
        }
        try {
            JsonNode node = YAML.readTree(bytes);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(name + " must hold a map of settings");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the tree atomically. */
    void write(JsonNode tree) {
        try {
            write(YAML.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes file content atomically. */
    void write(byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".runtime-", ".yaml.tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(content));
                    channel.force(true);
                }
                rename.move(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
            syncFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void syncFolder() {
        // makes the rename itself durable; not every file system lets a folder be opened, which is fine
        try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
