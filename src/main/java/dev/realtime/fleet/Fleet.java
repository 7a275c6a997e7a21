package dev.realtime.fleet;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import dev.realtime.config.FleetSettings;

/**
 * This replica's part in the fleet: the session leases new sessions take ({@link LeaseBook} with Redis,
 * {@link LocalLeases} without), their renewal and the heartbeat on the engine's timers, and the view of the
 * replicas for {@code GET /fleet}. Made and started on the engine's building thread, closed by its close.
 */
public final class Fleet implements AutoCloseable {
    private final Optional<RedisLink> redis;
    private final String replicaId;
    private final Optional<LeaseBook> book;
    private final SessionLeases leases;
    private final Clock clock;
    private final Duration leaseTime;
    private volatile IntSupplier sessions = () -> 0;
    private volatile LongSupplier configVersion = () -> 0;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Optional<Heartbeat> heartbeat = Optional.empty();
    private final FleetView view;

    private Fleet(Optional<RedisLink> redis, FleetSettings settings, Clock clock) {
        this.redis = redis;
        this.replicaId = settings.replicaId().orElseGet(Fleet::defaultId);
        this.book = redis.map(link -> new LeaseBook(link, replicaId, settings.leaseTime()));
        this.leases = book.map(SessionLeases.class::cast).orElseGet(LocalLeases::new);
        this.clock = clock;
        this.leaseTime = settings.leaseTime();
        this.view = new FleetView(redis, this::self);
    }

    /**
     * The fleet part of an engine.
     *
     * @param redis    the engine's Redis link, empty for a single replica
     * @param settings the fleet settings it starts with
     * @param clock    the clock of the heartbeat's {@code time}
     * @return the part, not yet beating
     */
    public static Fleet create(Optional<RedisLink> redis, FleetSettings settings, Clock clock) {
        return new Fleet(redis, settings, clock);
    }

    /** Host name and process id: unique per process, and says where it runs. */
    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "engine";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** Where new sessions take their places beyond {@code MAX_SESSIONS}. */
    public SessionLeases leases() {
        return leases;
    }

    /**
     * Starts the lease renewal (every third of {@code FLEET_LEASE_MS}, fixed at startup) and the heartbeat on the
     * engine's timers. The engine's building thread.
     *
     * @param timers        the engine's timer pool
     * @param sessions      the open sessions now
     * @param configVersion the runtime configuration's version now
     */
    public void start(ScheduledExecutorService timers, IntSupplier sessions, LongSupplier configVersion) {
        this.sessions = sessions;
        this.configVersion = configVersion;
        long renew = Math.max(1, leaseTime.toMillis() / 3);
        book.ifPresent(b -> timers.scheduleWithFixedDelay(b::renew, renew, renew, TimeUnit.MILLISECONDS));
        heartbeat = redis.map(link -> new Heartbeat(link, this::self));
        heartbeat.ifPresent(h -> timers.scheduleWithFixedDelay(h::beat, 0, Heartbeat.INTERVAL.toMillis(),
                                                               TimeUnit.MILLISECONDS));
    }

    /** This replica's status now. */
    public ReplicaStatus self() {
        return new ReplicaStatus(replicaId, sessions.getAsInt(), EngineVersion.get(), configVersion.getAsLong(),
                                 clock.millis(), 0);
    }

    /**
     * The replicas seen in the last 10 s (this one alone without Redis). Request threads.
     *
     * @throws FleetException when Redis fails
     */
    public List<ReplicaStatus> replicas() {
        return view.replicas();
    }

    /**
     * Releases the leases still held and takes this replica off the list, best effort, once; the engine's timers
     * must have stopped first, its Redis link not yet. The closing thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        book.ifPresent(LeaseBook::releaseAll);
        heartbeat.ifPresent(Heartbeat::stop);
    }
}
