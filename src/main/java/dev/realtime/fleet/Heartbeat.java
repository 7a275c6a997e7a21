package dev.realtime.fleet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;

import dev.realtime.observe.EngineMetrics;

/**
 * This replica's heartbeat: every {@link #INTERVAL} its status goes to {@code realtime:replica:<REPLICA_ID>} with a
 * {@link #TTL} expiry, so a replica that stops beating (crashed, partitioned) drops out of {@code /fleet} by itself.
 * A failed write is counted each time and logged once per run of failures. Beats run on the engine's timer thread.
 */
public final class Heartbeat {
    /** The prefix of the replicas' keys. */
    public static final String PREFIX = "realtime:replica:";
    /** How often a replica writes its status. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How long a status lives: replicas seen within this time are listed. */
    static final Duration TTL = Duration.ofSeconds(10);

    private static final System.Logger LOGGER = System.getLogger(Heartbeat.class.getName());

    private final RedisLink link;
    private final Supplier<ReplicaStatus> status;
    private final Duration ttl;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * A heartbeat with the production time to live.
     *
     * @param link   the engine's Redis link
     * @param status this replica's status now
     */
    public Heartbeat(RedisLink link, Supplier<ReplicaStatus> status) {
        this(link, status, TTL);
    }

    /** A heartbeat whose status lives {@code ttl}: tests make a replica vanish sooner. */
    Heartbeat(RedisLink link, Supplier<ReplicaStatus> status, Duration ttl) {
        this.link = link;
        this.status = status;
        this.ttl = ttl;
        EngineMetrics.registerProviderErrors("redis", "heartbeat", List.of("unreachable"));
    }

    /** Writes the status now. The engine's timer thread. */
    public void beat() {
        ReplicaStatus now = status.get();
        try {
            link.commands().set(PREFIX + now.id(), now.heartbeat(ttl), SetArgs.Builder.px(ttl));
            if (failing.compareAndSet(true, false)) {
                LOGGER.log(Level.INFO, "replica heartbeat written again");
            }
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "heartbeat", "unreachable");
            if (failing.compareAndSet(false, true)) {
                LOGGER.log(Level.WARNING, "replica heartbeat of " + now.id() + " failed, Redis failed (the replica "
                        + "drops out of /fleet until it is written again): " + e.getMessage(), e);
            }
        }
    }

    /** Takes this replica out of the fleet's list at once, best effort: the engine closes. */
    public void stop() {
        String id = status.get().id();
        try {
            link.commands().del(PREFIX + id);
        } catch (RedisException e) {
            LOGGER.log(Level.INFO, () -> "replica " + id + " not removed (its entry expires): " + e.getMessage());
        }
    }
}
