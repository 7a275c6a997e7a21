package dev.realtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The runtime YAML file, read and written with Jackson's YAML module: Helidon config keeps every scalar as a string
 * and cannot write, while the config API needs typed values (tool schemas, numbers) and atomic writes. A write
 * goes to a temporary file in the same folder, is forced to disk, then renamed over the file, so a crash leaves
 * either the old file or the new one whole. Called under the store's lock.
 */
final class YamlFile {
    /** The most characters a file may hold; the reader refuses larger ones, so no write may make one. */
    static final int MAX_CHARS = 3 * 1024 * 1024;
    private static final String TEMP_PREFIX = ".runtime-";
    private static final String TEMP_SUFFIX = ".yaml.tmp";
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

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

    /**
     * A tree as file content, read back by the same reader a start uses, so that nothing is kept that the next
     * start could not read.
     *
     * @throws ConfigException when the content would be too large or does not read back
     */
    static byte[] serialize(JsonNode tree) {
        byte[] content;
        try {
            content = YAML.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new ConfigException("the configuration cannot be written as YAML: " + e.getOriginalMessage());
        }
        if (content.length > MAX_CHARS) {
            throw new ConfigException(List.of(new ConfigException.Problem("(body)", "the configuration would take "
                    + content.length + " bytes of YAML; the runtime file holds at most " + MAX_CHARS)));
        }
        parse(content, "the configuration as written");
        return content;
    }

    /** Writes the tree atomically. */
    void write(JsonNode tree) {
        write(serialize(tree));
    }

    /** Writes file content atomically. */
    void write(byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), TEMP_PREFIX, TEMP_SUFFIX);
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

    /**
     * Deletes the temporary files of writes that never finished (a kill during a write), leaving alone those
     * younger than {@code age}, which may belong to a write in progress in another process sharing the folder.
     *
     * @return how many were deleted
     */
    int sweep(Duration age) {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        Instant before = Instant.now().minus(age);
        int deleted = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(before) && Files.deleteIfExists(temp)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up unfinished writes in " + folder, e);
        }
        return deleted;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARS);
        return options;
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
