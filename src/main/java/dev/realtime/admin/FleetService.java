package dev.realtime.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.fleet.FleetException;
import dev.realtime.fleet.ReplicaStatus;

/**
 * {@code GET /fleet} behind the engine API key: {@code {"replicas":[{"id","sessions","version","config_version",
 * "seen_ms_ago"}, ...]}}, the replicas that wrote their heartbeat in the last 10 s (this one alone without Redis).
 * A Redis failure answers 503 with its message. Request threads.
 */
public final class FleetService implements HttpService {
    private final Supplier<List<ReplicaStatus>> replicas;
    private final ApiKeyFilter filter;

    private FleetService(Supplier<List<ReplicaStatus>> replicas, ApiKeyGuard guard) {
        this.replicas = replicas;
        this.filter = new ApiKeyFilter(guard);
    }

    /**
     * @param replicas the replicas seen now
     * @param guard    the engine API key
     * @return the service, to be registered at the server root
     */
    public static FleetService create(Supplier<List<ReplicaStatus>> replicas, ApiKeyGuard guard) {
        return new FleetService(replicas, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/fleet", filter::filter, this::fleet);
    }

    private void fleet(ServerRequest req, ServerResponse res) {
        List<ReplicaStatus> seen;
        try {
            seen = replicas.get();
        } catch (FleetException e) {
            JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "fleet_unavailable", e.getMessage(),
                                Optional.empty());
            return;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("replicas");
        seen.forEach(replica -> list.add(replica.json()));
        JsonResponses.send(res, Status.OK_200, answer);
    }
}
