package dev.realtime.config;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The layered runtime configuration: API changes over the runtime YAML file over the environment. API changes are
 * written into the file (atomically), so the file holds both upper layers and a restart keeps them. Every change
 * is checked whole, and its providers built, before anything is written or applied; a change that fails changes
 * nothing. Each configuration taken from the file is also kept as the last good one, so a file that becomes
 * unusable (a bad edit, a disk error) never stops the engine from starting: it comes up on the last good
 * configuration, or on the environment alone, and says why in {@link #degraded()} until a change or a reload
 * repairs it. Changes are serialised by one lock; readers take the current snapshot without locking. Methods may
 * be called from any thread.
 *
 * <p>With a {@link SharedLayer} ({@link #share}), the file's tree is only where the fleet's layer starts from: a
 * change or a reload is written there as the next version and other replicas take it through {@link #pull()};
 * the file is neither written nor followed then.
 */
public final class RuntimeStore {
    private static final System.Logger LOGGER = System.getLogger(RuntimeStore.class.getName());

    /** Builds what a configuration needs before it is written or made current. */
    public interface Activation {
        /**
         * Builds the parts a configuration needs (its providers), without making them current.
         *
         * @param next the configuration about to be taken
         * @return what makes the built parts current; run once the configuration is kept
         * @throws ConfigException when they cannot be built
         */
        Runnable prepare(RuntimeSnapshot next);
    }

    private final Map<String, String> env;
    private final RuntimeFile file;
    private final Presets filePresets;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<RuntimeSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> apiPaths = new HashSet<>();
    private volatile RuntimeSnapshot current;
    private volatile Optional<String> degraded;
    private volatile long version = 1;
    private Activation activation = next -> () -> { };
    private volatile Optional<SharedRuntime> shared = Optional.empty(); // set once, at wiring

    RuntimeStore(Map<String, String> env, YamlFile file, Presets presets) {
        this.env = Map.copyOf(env);
        this.file = new RuntimeFile(file);
        this.filePresets = presets;
        StartupChoice choice = this.file.open(this.env);
        this.current = choice.snapshot();
        this.degraded = choice.degraded();
        degraded.ifPresent(reason -> LOGGER.log(Level.WARNING, reason));
    }

    /**
     * Opens the store. An unusable runtime file does not stop it: see {@link #degraded()}.
     *
     * @param env     environment variables
     * @param runtime the runtime YAML file (may not exist yet)
     * @param presets the shipped presets file (may not exist)
     * @return the store
     * @throws ConfigException when the environment itself is invalid, or the shipped presets are
     */
    public static RuntimeStore open(Map<String, String> env, Path runtime, Path presets) {
        return new RuntimeStore(env, YamlFile.at(runtime), Presets.load(presets));
    }

    /** The configuration in effect. */
    public RuntimeSnapshot current() {
        return current;
    }

    /**
     * The version of the configuration in effect: 1 for the one the store opened with, one more for each
     * configuration taken since; with a shared layer, the shared layer's version. Any thread.
     */
    public long version() {
        return version;
    }

    /** Why the engine does not run on its runtime file, when it does not. */
    public Optional<String> degraded() {
        return degraded;
    }

    /** Sets what builds a configuration's providers before a change is kept; called once, at wiring. */
    public void activation(Activation builder) {
        lock.lock();
        try {
            this.activation = builder;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps the runtime layer in a shared place from now on: this store's file layer becomes its version 1 when
     * nothing is stored there yet, else the store takes what is stored. Called once, at wiring, before any
     * providers are built.
     *
     * @param layer the shared layer
     * @throws ConfigException when the stored layer is not usable with this replica's environment
     */
    public void share(SharedLayer layer) {
        lock.lock();
        try {
            SharedRuntime runtime = new SharedRuntime(layer);
            SharedLayer.Stored stored = runtime.join(current.file());
            RuntimeSnapshot snapshot;
            try {
                snapshot = RuntimeSnapshot.build(env, stored.tree());
            } catch (ConfigException e) {
                throw new ConfigException("the shared configuration (version " + stored.version() + ") is not "
                                                  + "usable with this replica's environment: " + e.getMessage());
            }
            shared = Optional.of(runtime);
            take(snapshot, activation.prepare(snapshot), stored.version());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the shared layer's newest version when it is newer than the one in effect. A version whose providers
     * cannot be built here is refused, said once, and the running configuration stays. Called by the thread that
     * follows the shared layer.
     *
     * @return whether a new configuration was taken
     */
    public boolean pull() {
        lock.lock();
        try {
            SharedRuntime layer = shared.orElseThrow(() -> new IllegalStateException("no shared layer to pull"));
            var next = layer.newer(new SharedLayer.Stored(version, current.file()), env, activation);
            next.ifPresent(n -> take(n.snapshot(), n.activate(), n.version()));
            return next.isPresent();
        } finally {
            lock.unlock();
        }
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
        RuntimeSnapshot before = current;
        JsonNode change = presetExpanded(patch);
        ObjectNode next = ConfigTree.merge(before.file(), change);
        RuntimeSnapshot snapshot = checked(before, RuntimeSnapshot.build(env, next), change);
        YamlFile.serialize(next);
        return snapshot;
    }

    /**
     * Applies a merge patch: checks it, builds its providers, writes the file, and makes it current.
     *
     * @param patch the patch; {@code "preset": name} merges that preset first
     * @return the new snapshot
     * @throws ConfigException with every problem; nothing changed
     */
    public RuntimeSnapshot apply(JsonNode patch) {
        lock.lock();
        try {
            if (shared.isPresent()) {
                return published(base -> {
                    JsonNode change = Presets.expand(patch, filePresets.with(base.path(ConfigTree.PRESETS)));
                    return checked(current, RuntimeSnapshot.build(env, ConfigTree.merge(base, change)), change);
                });
            }
            JsonNode change = presetExpanded(patch);
            ObjectNode next = ConfigTree.merge(current.file(), change);
            RuntimeSnapshot snapshot = checked(current, RuntimeSnapshot.build(env, next), change);
            byte[] content = YamlFile.serialize(next);
            Runnable activate = activation.prepare(snapshot);
            byte[] written = file.write(content);
            apiPaths.addAll(ConfigTree.leaves(change).keySet());
            file.took(written);
            take(snapshot, activate, version + 1);
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the file again; with a shared layer, writes it there as the next version.
     *
     * @return the new snapshot
     * @throws ConfigException when the file is unusable; the running configuration stays
     */
    public RuntimeSnapshot reload() {
        lock.lock();
        try {
            if (shared.isPresent()) {
                byte[] content = file.read();
                file.refused(content); // published now: not an edit to report on the next poll
                ObjectNode tree = YamlFile.parse(content, file.path().toString());
                return published(base -> RuntimeSnapshot.build(env, tree));
            }
            return reload(file.read());
        } finally {
            lock.unlock();
        }
    }

    private RuntimeSnapshot reload(byte[] content) {
        RuntimeSnapshot snapshot = RuntimeSnapshot.build(env, YamlFile.parse(content, file.path().toString()));
        Runnable activate = activation.prepare(snapshot);
        apiPaths.clear();
        file.took(content);
        take(snapshot, activate, version + 1);
        return snapshot;
    }

    private RuntimeSnapshot published(Function<ObjectNode, RuntimeSnapshot> change) {
        var next = shared.orElseThrow().publish(new SharedLayer.Stored(version, current.file()), change, activation);
        take(next.snapshot(), next.activate(), next.version());
        return next.snapshot();
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
            Optional<byte[]> edit = file.settledEdit();
            if (edit.isEmpty()) {
                return false;
            }
            if (shared.isPresent()) {
                file.refused(edit.get());
                SharedRuntime.fileEdited(file.path());
                return false;
            }
            try {
                reload(edit.get());
                LOGGER.log(Level.INFO, () -> file.path() + " changed on disk; configuration reloaded");
                return true;
            } catch (ConfigException e) {
                file.refused(edit.get()); // report a broken edit once, not on every poll
                LOGGER.log(Level.WARNING, () -> file.path() + " changed on disk but is not usable; keeping the "
                        + "running configuration: " + e.getMessage());
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

    /**
     * Which layer a path's value comes from: {@code api}, {@code file}, {@code env} (or {@code env (ALIAS)} when an
     * alias of the variable set it) or {@code default}; with a shared layer, {@code redis} stands for both
     * upper layers (a replica cannot tell an API change from a reload of some replica's file).
     */
    public String source(ConfigKeys.Key key) {
        if (shared.isPresent() && ConfigTree.leaves(current.file()).containsKey(key.path())) {
            return "redis";
        }
        if (apiPaths.contains(key.path())) {
            return "api";
        }
        if (ConfigTree.leaves(current.file()).containsKey(key.path())) {
            return "file";
        }
        if (env.containsKey(key.env()) && !env.get(key.env()).isBlank()) {
            return "env";
        }
        return EnvAliases.setBy(key.env(), env).map(alias -> "env (" + alias + ")").orElse("default");
    }

    private void take(RuntimeSnapshot snapshot, Runnable activate, long newVersion) {
        activate.run();
        degraded = Optional.empty();
        current = snapshot;
        version = newVersion;
        listeners.forEach(l -> l.accept(snapshot));
    }

    /** The snapshot of an API change, refused when it would send a kept secret somewhere new. */
    private static RuntimeSnapshot checked(RuntimeSnapshot before, RuntimeSnapshot after, JsonNode change) {
        List<ConfigException.Problem> leaks = SecretHosts.check(before, after, change);
        if (!leaks.isEmpty()) {
            throw new ConfigException(leaks);
        }
        return after;
    }

    private JsonNode presetExpanded(JsonNode patch) {
        return Presets.expand(patch, presets());
    }
}
