package dev.realtime.fleet;

import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import dev.realtime.config.SharedLayer;
import dev.realtime.observe.EngineMetrics;

/**
 * The runtime layer that replicas share, in the hash {@code realtime:config} (fields {@code version} and
 * {@code layer}, the tree as JSON). The first write and every later one are Lua scripts, so only one replica
 * bootstraps (or stores its layer again after Redis lost it) and a write lands only on the version it was based
 * on; a write publishes its version on the channel {@code realtime:config}. A Redis failure is counted and thrown
 * as a {@link FleetException}; nothing is written then. Any thread.
 */
public final class RedisConfigLayer implements SharedLayer {
    /** The hash holding the layer, and the channel a new version is published on. */
    public static final String KEY = "realtime:config";

    private static final String JOIN = """
            if redis.call('HSETNX', KEYS[1], 'version', ARGV[1]) == 1 then
              redis.call('HSET', KEYS[1], 'layer', ARGV[2])
            end
            return redis.call('HMGET', KEYS[1], 'version', 'layer')
            """;
    private static final String WRITE = """
            if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then
              return 0
            end
            local next = tonumber(ARGV[1]) + 1
            redis.call('HSET', KEYS[1], 'version', tostring(next), 'layer', ARGV[2])
            redis.call('PUBLISH', ARGV[3], tostring(next))
            return next
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisLink link;

    private RedisConfigLayer(RedisLink link) {
        this.link = link;
        EngineMetrics.registerProviderErrors("redis", "config_write", List.of("unreachable"));
    }

    /**
     * The layer on a link.
     *
     * @param link the engine's Redis link
     * @return the layer
     */
    public static RedisConfigLayer create(RedisLink link) {
        return new RedisConfigLayer(link);
    }

    @Override
    public Stored join(Stored mine) {
        try {
            List<Object> stored = link.commands().eval(JOIN, ScriptOutputType.MULTI, new String[] {KEY},
                                                       String.valueOf(mine.version()), text(mine.tree()));
            return stored(String.valueOf(stored.get(0)), String.valueOf(stored.get(1)));
        } catch (RedisException e) {
            throw failed("read the shared configuration", e);
        }
    }

    @Override
    public long version() {
        try {
            String version = link.commands().hget(KEY, "version");
            return version == null ? 0 : Long.parseLong(version);
        } catch (RedisException e) {
            throw new FleetException("cannot read the shared configuration's version (Redis failed): "
                                             + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong write(long basedOn, ObjectNode tree) {
        try {
            Long written = link.commands().eval(WRITE, ScriptOutputType.INTEGER, new String[] {KEY},
                                                String.valueOf(basedOn), text(tree), KEY);
            return written == 0 ? OptionalLong.empty() : OptionalLong.of(written);
        } catch (RedisException e) {
            throw failed("write the shared configuration", e);
        }
    }

    private static FleetException failed(String what, RedisException e) {
        EngineMetrics.providerError("redis", "config_write", "unreachable");
        return new FleetException("cannot " + what + " (Redis failed: " + e.getMessage() + "); nothing changed, "
                                          + "try again when Redis is back", e);
    }

    private static Stored stored(String version, String layer) {
        try {
            JsonNode tree = JSON.readTree(layer);
            return new Stored(Long.parseLong(version), tree.isObject() ? (ObjectNode) tree : JSON.createObjectNode());
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new FleetException("the shared configuration in " + KEY + " is damaged (" + e.getMessage()
                                             + "); delete the key to let a replica store its own again", e);
        }
    }

    private static String text(ObjectNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration tree is always JSON", e);
        }
    }
}
