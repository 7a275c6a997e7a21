package dev.realtime.fleet;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a replica says of itself in its heartbeat, and how long ago it was seen.
 *
 * @param id            its {@code REPLICA_ID}
 * @param sessions      its open sessions (sockets and calls)
 * @param version       the engine's version it runs
 * @param configVersion the number of the runtime configuration in effect there
 * @param time          when it wrote this, its own clock, epoch ms
 * @param seenMsAgo     how long ago it wrote this, by the Redis server's clock (0 for this replica itself)
 */
public record ReplicaStatus(String id, int sessions, String version, long configVersion, long time,
                            long seenMsAgo) {

    /**
     * The heartbeat's JSON: everything but {@code seen_ms_ago}, and the time to live it is written with
     * ({@code ttl_ms}), from which a reader tells its age by the server's clock.
     */
    String heartbeat(Duration ttl) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("sessions", sessions).put("version", version)
                .put("config_version", configVersion).put("time", time).put("ttl_ms", ttl.toMillis()).toString();
    }

    /** A heartbeat read back, seen {@code seenMsAgo} ago. */
    static ReplicaStatus of(JsonNode heartbeat, long seenMsAgo) {
        return new ReplicaStatus(heartbeat.path("id").asText(), heartbeat.path("sessions").asInt(),
                                 heartbeat.path("version").asText(), heartbeat.path("config_version").asLong(),
                                 heartbeat.path("time").asLong(), seenMsAgo);
    }

    /** As {@code GET /fleet} shows it. */
    public ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("sessions", sessions).put("version", version)
                .put("config_version", configVersion).put("seen_ms_ago", seenMsAgo);
    }
}
