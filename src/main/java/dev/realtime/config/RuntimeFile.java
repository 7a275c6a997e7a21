package dev.realtime.config;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime YAML file as the store sees it: the content it last took (so its own writes and a broken edit it
 * already refused are not taken for new edits), edits made elsewhere once two polls agree on them, and the last
 * good copy kept beside it for the next start. Used under the store's lock.
 */
final class RuntimeFile {
    private static final System.Logger LOGGER = System.getLogger(RuntimeFile.class.getName());

    private static final Duration UNFINISHED = Duration.ofSeconds(10);

    private final YamlFile file;
    private final YamlFile lastGood;
    private byte[] taken = new byte[0];
    private byte[] seenLastPoll = new byte[0];

    RuntimeFile(YamlFile file) {
        this.file = file;
        this.lastGood = YamlFile.at(file.path().resolveSibling("runtime.last-good.yaml"));
    }

    Path path() {
        return file.path();
    }

    /** Chooses the configuration to start on: the file, else its last good copy, else the environment. */
    StartupChoice open(Map<String, String> env) {
        sweep();
        StartupChoice choice = StartupChoice.make(env, file, lastGood);
        taken = choice.fileBytes();
        if (choice.degraded().isEmpty()) {
            keepAsLastGood();
        }
        return choice;
    }

    /** The file's content now. */
    byte[] read() {
        return file.bytes();
    }

    /**
     * Writes content (atomically).
     *
     * @return the content written, which the store takes next
     */
    byte[] write(byte[] content) {
        file.write(content);
        return file.bytes();
    }

    /**
     * An edit made elsewhere: the content when it differs from what was taken and stayed the same since the
     * previous poll (an editor that writes in place can be caught half way).
     */
    Optional<byte[]> settledEdit() {
        sweep();
        byte[] now = file.bytes();
        if (Arrays.equals(now, taken)) {
            return Optional.empty();
        }
        boolean settled = Arrays.equals(now, seenLastPoll);
        seenLastPoll = now;
        return settled ? Optional.of(now) : Optional.empty();
    }

    /** The store took this content: it is the new last good configuration. */
    void took(byte[] content) {
        taken = content;
        keepAsLastGood();
    }

    /** The store refused this content; it is not reported again until it changes. */
    void refused(byte[] content) {
        taken = content;
    }

    /**
     * Deletes what a write killed half way left behind, at the start and on each poll (a start soon after the
     * kill sees the files still young enough to belong to a write in progress elsewhere).
     */
    private void sweep() {
        try {
            int deleted = file.sweep(UNFINISHED);
            if (deleted > 0) {
                LOGGER.log(Level.INFO, () -> "deleted " + deleted + " temporary files of unfinished configuration "
                        + "writes beside " + file.path());
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, () -> e.getMessage());
        }
    }

    private void keepAsLastGood() {
        try {
            if (!Arrays.equals(taken, lastGood.bytes())) {
                lastGood.write(taken);
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, () -> "cannot keep the last good configuration in " + lastGood.path() + ": "
                    + e.getMessage());
        }
    }
}
