package dev.realtime.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The layered runtime configuration: API changes over the runtime YAML file over the environment. API changes are
 * written into the file (atomically), so the file holds both upper layers and a restart keeps them. Every change
 * is checked whole first and changes nothing when invalid. Changes are serialised by one lock; readers take the
 * current snapshot without locking. Methods may be called from any thread.
 */
public final class RuntimeStore {
    private static final Logger LOGGER = Logger.getLogger(RuntimeStore.class.getName());

    private final Map<String, String> env;
    private final YamlFile file;
    private final Presets filePresets;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<RuntimeSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> apiPaths = new HashSet<>();
    private volatile RuntimeSnapshot current;
    private byte[] onDisk;
    private byte[] seenLastPoll = new byte[0];

    RuntimeStore(Map<String, String> env, YamlFile file, Presets presets) {
        this.env = Map.copyOf(env);
        this.file = file;
        this.filePresets = presets;
        this.onDisk = file.bytes();
        this.current = RuntimeSnapshot.build(this.env, YamlFile.parse(onDisk, file.path().toString()));
    }

    /**
     * Opens the store.
     *
     * @param env     environment variables
     * @param runtime the runtime YAML file (may not exist yet)
     * @param presets the shipped presets file (may not exist)
     * @return the store
     * @throws ConfigException when the environment or the file is invalid
     */
    public static RuntimeStore open(Map<String, String> env, Path runtime, Path presets) {
        return new RuntimeStore(env, YamlFile.at(runtime), Presets.load(presets));
    }

    /** The configuration in effect. */
    public RuntimeSnapshot current() {
        return current;
    }

    /** Calls the listener with each new snapshot, on the thread that made the change. */
    public void onChange(Consumer<RuntimeSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Checks a merge patch against the current configuration without applying it.
     *
     * @param patch the patch
     * @return the snapshot it would give
     * @throws ConfigException with every problem
     */
    public RuntimeSnapshot validate(JsonNode patch) {
        return RuntimeSnapshot.build(env, patched(current.file(), patch));
    }

    /**
     * Applies a merge patch: checks it, writes the file, and makes it current.
     *
     * @param patch the patch; {@code "preset": name} merges that preset first
     * @return the new snapshot
     * @throws ConfigException with every problem; nothing changed
     */
    public RuntimeSnapshot apply(JsonNode patch) {
        lock.lock();
        try {
            ObjectNode next = patched(current.file(), patch);
            RuntimeSnapshot snapshot = RuntimeSnapshot.build(env, next);
            file.write(next);
            onDisk = file.bytes();
            apiPaths.addAll(ConfigTree.leaves(presetExpanded(patch)).keySet());
            publish(snapshot);
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the file again.
     *
     * @return the new snapshot
     * @throws ConfigException when the file is invalid; the running configuration stays
     */
    public RuntimeSnapshot reload() {
        lock.lock();
        try {
            byte[] bytes = file.bytes();
            RuntimeSnapshot snapshot = RuntimeSnapshot.build(env, YamlFile.parse(bytes, file.path().toString()));
            onDisk = bytes;
            apiPaths.clear();
            publish(snapshot);
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reloads when the file changed on disk (another replica or an editor wrote it) and stayed the same for one
     * more poll. Called by the poll timer.
     *
     * @return whether a new configuration was taken
     */
    public boolean poll() {
        lock.lock(); // under the lock, a write of our own is never mistaken for an edit from elsewhere
        try {
            byte[] now = file.bytes();
            if (Arrays.equals(now, onDisk)) {
                return false;
            }
            // an editor that writes in place can be caught half way: take a change once two polls agree on it
            boolean settled = Arrays.equals(now, seenLastPoll);
            seenLastPoll = now;
            if (!settled) {
                return false;
            }
            try {
                reload();
                LOGGER.info(() -> file.path() + " changed on disk; configuration reloaded");
                return true;
            } catch (ConfigException e) {
                onDisk = file.bytes(); // report a broken edit once, not on every poll
                LOGGER.warning(() -> file.path() + " changed on disk but is invalid; keeping the running "
                        + "configuration: " + e.getMessage());
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Presets by name: the shipped file's, then the runtime file's own (which win). */
    public Map<String, JsonNode> presets() {
        return filePresets.with(current.file().path(ConfigTree.PRESETS));
    }

    /**
     * The current configuration with a preset merged in, for one session; nothing is written.
     *
     * @param name preset name
     * @return the snapshot
     * @throws ConfigException when there is no such preset or it does not apply
     */
    public RuntimeSnapshot withPreset(String name) {
        return RuntimeSnapshot.build(env, ConfigTree.merge(current.file(), Presets.named(presets(), name)));
    }

    /** Which layer a path's value comes from: {@code api}, {@code file}, {@code env} or {@code default}. */
    public String source(ConfigKeys.Key key) {
        if (apiPaths.contains(key.path())) {
            return "api";
        }
        if (ConfigTree.leaves(current.file()).containsKey(key.path())) {
            return "file";
        }
        return env.containsKey(key.env()) && !env.get(key.env()).isBlank() ? "env" : "default";
    }

    private ObjectNode patched(ObjectNode base, JsonNode patch) {
        return ConfigTree.merge(base, presetExpanded(patch));
    }

    private JsonNode presetExpanded(JsonNode patch) {
        return Presets.expand(patch, presets());
    }

    private void publish(RuntimeSnapshot snapshot) {
        current = snapshot;
        listeners.forEach(l -> l.accept(snapshot));
    }
}
