package dev.realtime.config;

import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where replicas of one engine keep the runtime layer they share (the tree a lone engine keeps in its runtime file,
 * presets included), with a version that every write raises by one. A store without one keeps the layer in its
 * file alone. Implementations fail with an unchecked exception of their own when the shared place cannot be
 * reached; nothing is written then. Any thread.
 */
public interface SharedLayer {
    /**
     * One version of the shared layer.
     *
     * @param version its number: 1 for the first, one more for each write since
     * @param tree    the layer
     */
    record Stored(long version, ObjectNode tree) {
    }

    /**
     * Stores this replica's layer when nothing is stored (only one replica can), and answers what is stored: at the
     * start with its file layer as version 1, later with the layer in effect when the shared place lost it (a
     * restart without persistence).
     *
     * @param mine this replica's layer and its version
     * @return the layer stored now
     */
    Stored join(Stored mine);

    /** The version stored now, 0 when nothing is (cheap: read on every poll). */
    long version();

    /**
     * Stores a layer as the next version, only if the stored version is still the one it was based on, and tells
     * the other replicas.
     *
     * @param basedOn the version the new layer was made from
     * @param tree    the new layer
     * @return the new version, or empty when another write came first (nothing written)
     */
    OptionalLong write(long basedOn, ObjectNode tree);
}
