package dev.realtime.config;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shared layer as the store uses it: a change is built on the newest stored version and written only if no
 * other replica wrote since (else built again on what they wrote, a few times); a newer stored version is built
 * and taken, or refused once per version when this replica cannot build it. Used under the store's lock.
 */
final class SharedRuntime {
    private static final System.Logger LOGGER = System.getLogger(SharedRuntime.class.getName());

    /** How many times a change is built again on a layer another replica wrote meanwhile before giving up. */
    static final int ATTEMPTS = 5;

    /**
     * A configuration ready to be taken.
     *
     * @param snapshot the configuration
     * @param activate makes its providers current
     * @param version  its version in the shared layer
     */
    record Next(RuntimeSnapshot snapshot, Runnable activate, long version) {
    }

    private final SharedLayer layer;
    private long refused;

    SharedRuntime(SharedLayer layer) {
        this.layer = layer;
    }

    SharedLayer.Stored join(ObjectNode bootstrap) {
        return layer.join(new SharedLayer.Stored(1, bootstrap));
    }

    /**
     * Writes a change as the next version.
     *
     * @param base   the layer in effect here and its version
     * @param change builds (and checks) the configuration a change gives on a base layer
     * @param build  builds a configuration's providers
     * @return what to take
     * @throws ConfigException         when the change is not valid or its providers cannot be built
     * @throws ConfigConflictException when other replicas kept writing first
     */
    Next publish(SharedLayer.Stored base, Function<ObjectNode, RuntimeSnapshot> change,
                 RuntimeStore.Activation build) {
        SharedLayer.Stored on = base;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RuntimeSnapshot snapshot = change.apply(on.tree());
            YamlFile.serialize(snapshot.file()); // the size limit the file layer has
            Runnable activate = build.prepare(snapshot);
            OptionalLong written = layer.write(on.version(), snapshot.file());
            if (written.isPresent()) {
                return new Next(snapshot, activate, written.getAsLong());
            }
            // another replica wrote first: make the change again on what it wrote (or on the layer in effect here,
            // stored again, when the shared place lost it)
            on = layer.join(base);
        }
        throw new ConfigConflictException("the configuration kept changing on other replicas while this change was "
                                                  + "made (" + ATTEMPTS + " attempts); nothing changed, try again");
    }

    /**
     * The newest stored version, built, when it is newer than the one in effect and not refused before.
     *
     * @param inEffect the layer in effect and its version
     * @param env     this replica's environment
     * @param build   builds a configuration's providers
     */
    Optional<Next> newer(SharedLayer.Stored inEffect, Map<String, String> env, RuntimeStore.Activation build) {
        long version = inEffect.version();
        long stored = layer.version();
        if (stored == 0) {
            layer.join(inEffect);
            LOGGER.log(Level.WARNING, () -> "the shared configuration was gone from Redis (restarted without its "
                    + "data?); stored this replica's version " + version + " again");
            return Optional.empty();
        }
        if (stored <= version || stored == refused) {
            return Optional.empty();
        }
        SharedLayer.Stored latest = layer.join(inEffect);
        if (latest.version() <= version) {
            return Optional.empty();
        }
        try {
            RuntimeSnapshot snapshot = RuntimeSnapshot.build(env, latest.tree());
            return Optional.of(new Next(snapshot, build.prepare(snapshot), latest.version()));
        } catch (ConfigException e) {
            refused = latest.version(); // said once per version, like a broken edit of the file
            LOGGER.log(Level.WARNING, () -> "the shared configuration version " + latest.version() + " cannot be "
                    + "used on this replica; keeping version " + version + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** An edit of the runtime file, which with a shared layer is only where the first replica started from. */
    static void fileEdited(Path file) {
        LOGGER.log(Level.WARNING, () -> file + " changed on disk; with REDIS_URL the file is only the bootstrap of "
                + "the shared configuration and is not applied by itself: POST /config/reload publishes it to "
                + "every replica");
    }
}
