package dev.realtime.fleet;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;

import dev.realtime.observe.EngineMetrics;

/**
 * The replicas seen lately, for {@code GET /fleet}: with Redis every {@code realtime:replica:*} entry still alive
 * (written within its time to live, 10 s), without it this replica alone. Request threads.
 */
public final class FleetView {
    private static final System.Logger LOGGER = System.getLogger(FleetView.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<RedisLink> link;
    private final Supplier<ReplicaStatus> self;

    /**
     * @param link the engine's Redis link; empty for a single replica
     * @param self this replica's status now
     */
    public FleetView(Optional<RedisLink> link, Supplier<ReplicaStatus> self) {
        this.link = link;
        this.self = self;
        link.ifPresent(l -> EngineMetrics.registerProviderErrors("redis", "fleet_view", List.of("unreachable")));
    }

    /**
     * The replicas, by id.
     *
     * @return each replica's last status and how long ago it was written
     * @throws FleetException when Redis fails
     */
    public List<ReplicaStatus> replicas() {
        if (link.isEmpty()) {
            return List.of(self.get());
        }
        try {
            return read(link.get().commands());
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "fleet_view", "unreachable");
            LOGGER.log(Level.WARNING, "GET /fleet cannot list the replicas, Redis failed: " + e.getMessage(), e);
            throw new FleetException("cannot list the replicas (Redis failed): " + e.getMessage(), e);
        }
    }

    private static List<ReplicaStatus> read(RedisCommands<String, String> redis) {
        List<ReplicaStatus> seen = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(Heartbeat.PREFIX + "*").limit(100);
        KeyScanCursor<String> cursor = redis.scan(match);
        while (true) {
            for (String key : cursor.getKeys()) {
                status(redis, key).ifPresent(seen::add);
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
        }
        seen.sort(Comparator.comparing(ReplicaStatus::id));
        return seen;
    }

    /** One entry, unless it expired since the scan or is not a heartbeat. */
    private static Optional<ReplicaStatus> status(RedisCommands<String, String> redis, String key) {
        String text = redis.get(key);
        long left = redis.pttl(key);
        if (text == null || left < 0) {
            return Optional.empty();
        }
        try {
            JsonNode heartbeat = JSON.readTree(text);
            long ttl = heartbeat.path("ttl_ms").asLong(Heartbeat.TTL.toMillis());
            return Optional.of(ReplicaStatus.of(heartbeat, Math.max(0, ttl - left)));
        } catch (JsonProcessingException e) {
            LOGGER.log(Level.WARNING, "skipped " + key + ": not a replica heartbeat (" + e.getOriginalMessage()
                    + ")");
            return Optional.empty();
        }
    }
}
