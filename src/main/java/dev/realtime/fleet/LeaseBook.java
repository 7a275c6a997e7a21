package dev.realtime.fleet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import dev.realtime.config.FleetSettings;
import dev.realtime.observe.EngineMetrics;

/**
 * Session leases in the Redis the replicas share: sorted sets {@code realtime:sessions} (every session of the fleet)
 * and {@code realtime:sessions:app:<appId>}, member {@code <replicaId>:<leaseId>}, score the lease's expiry in ms.
 * Taking a lease drops the expired ones, checks both counts against the limits and adds the member to both sets in
 * one script, so two replicas cannot both take the last place. Expiry times come from the Redis server's own clock
 * ({@code TIME} in the scripts): every replica compares against the same clock, so one whose clock is off neither
 * keeps dead leases alive nor drops live ones. This replica renews its live leases every third of
 * {@code FLEET_LEASE_MS} ({@link #renew}); a replica that dies stops renewing and its sessions stop counting within
 * {@code FLEET_LEASE_MS}. A release that fails (Redis unreachable) is logged and counted, and that lease then expires
 * by itself. Leases are taken whenever Redis is set, limits or not, so a limit set at runtime counts the sessions
 * already open. Thread-safe: acquire and release run on admitting and ending threads, renew on the engine's timer.
 */
public final class LeaseBook implements SessionLeases {
    /** Every session of the fleet. */
    public static final String SESSIONS = "realtime:sessions";
    /** The sessions of one app: this prefix and the app id. */
    public static final String APP_PREFIX = "realtime:sessions:app:";

    private static final System.Logger LOGGER = System.getLogger(LeaseBook.class.getName());
    private static final String NOW = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";
    /** KEYS: all, app. ARGV: member, lease ms, max total, max per app (0: none). */
    private static final String ACQUIRE = NOW
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) "
            + "local total = tonumber(ARGV[3]) local app = tonumber(ARGV[4]) "
            + "if total > 0 and redis.call('ZCARD', KEYS[1]) >= total then return 'total' end "
            + "if app > 0 and redis.call('ZCARD', KEYS[2]) >= app then return 'app' end "
            + "local expiry = now + tonumber(ARGV[2]) "
            + "for i = 1, 2 do redis.call('ZADD', KEYS[i], expiry, ARGV[1]) "
            + "redis.call('PEXPIRE', KEYS[i], ARGV[2]) end "
            + "return 'ok'";
    /** KEYS: all, then the app set of each member. ARGV: lease ms, then the members. Only existing ones (XX). */
    private static final String RENEW = NOW
            + "local expiry = now + tonumber(ARGV[1]) local renewed = 0 "
            + "for i = 2, #ARGV do "
            + "renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', expiry, ARGV[i]) "
            + "redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i]) redis.call('PEXPIRE', KEYS[i], ARGV[1]) end "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
            + "return renewed";
    /** KEYS: all, then the app set of each member. ARGV: the members. */
    private static final String RELEASE = "for i = 1, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) "
            + "redis.call('ZREM', KEYS[i + 1], ARGV[i]) end return #ARGV";
    private static final String REFUSED_BY_REDIS = "cannot check the fleet's session limits (Redis failed); "
            + "try again shortly";

    private final RedisLink link;
    private final String replicaId;
    private final Duration leaseTime;
    /** This replica's live leases: member to its app set. */
    private final Map<String, String> live = new ConcurrentHashMap<>();
    private final AtomicBoolean renewFailing = new AtomicBoolean();

    /**
     * A book on a link.
     *
     * @param link      the engine's Redis link
     * @param replicaId this replica's name, the first part of its members
     * @param leaseTime how long a lease counts without renewal ({@code FLEET_LEASE_MS})
     */
    public LeaseBook(RedisLink link, String replicaId, Duration leaseTime) {
        this.link = link;
        this.replicaId = replicaId;
        this.leaseTime = leaseTime;
        for (String operation : List.of("session_lease", "lease_renew", "lease_release")) {
            EngineMetrics.registerProviderErrors("redis", operation, List.of("unreachable"));
        }
    }

    /**
     * {@inheritDoc} A Redis failure refuses the session when a limit is in force (it cannot be checked); with no
     * limit set the session opens without a lease. Either way the failure is logged and counted.
     */
    @Override
    public Outcome acquire(String appId, FleetSettings limits) {
        String member = replicaId + ":" + UUID.randomUUID();
        String app = APP_PREFIX + appId;
        String answer;
        try {
            answer = link.commands().eval(ACQUIRE, ScriptOutputType.VALUE, new String[] {SESSIONS, app}, member,
                                          String.valueOf(leaseTime.toMillis()),
                                          String.valueOf(limits.maxSessionsTotal()),
                                          String.valueOf(limits.maxSessionsPerApp()));
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "session_lease", "unreachable");
            boolean limited = limits.maxSessionsTotal() > 0 || limits.maxSessionsPerApp() > 0;
            LOGGER.log(Level.WARNING, "a session of app " + appId + " could not take its fleet lease, Redis failed ("
                    + (limited ? "refused" : "no limit set: admitted uncounted") + "): " + e.getMessage(), e);
            return limited ? new Refused(REFUSED_BY_REDIS) : new Held(() -> { });
        }
        return switch (answer) {
            case "total" -> new Refused("the fleet is at its limit of " + limits.maxSessionsTotal()
                                                + " concurrent sessions (MAX_SESSIONS_TOTAL)");
            case "app" -> new Refused(appFull(appId, limits.maxSessionsPerApp()));
            default -> {
                live.put(member, app);
                yield new Held(() -> release(member));
            }
        };
    }

    static String appFull(String appId, int max) {
        return "app " + appId + " is at its limit of " + max + " concurrent sessions (MAX_SESSIONS_PER_APP)";
    }

    private void release(String member) {
        String app = live.remove(member);
        if (app != null) {
            remove(List.of(member), List.of(app));
        }
    }

    /** Pushes the expiry of this replica's live leases one lease time ahead. The engine's timer thread. */
    public void renew() {
        List<String> members = new ArrayList<>();
        List<String> keys = new ArrayList<>(List.of(SESSIONS));
        live.forEach((member, app) -> {
            members.add(member);
            keys.add(app);
        });
        if (members.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(String.valueOf(leaseTime.toMillis())));
        args.addAll(members);
        try {
            link.commands().eval(RENEW, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                                 args.toArray(String[]::new));
            if (renewFailing.compareAndSet(true, false)) {
                LOGGER.log(Level.INFO, "session leases renewed again");
            }
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "lease_renew", "unreachable");
            if (renewFailing.compareAndSet(false, true)) {
                LOGGER.log(Level.WARNING, "renewing " + members.size() + " session leases failed, Redis failed "
                        + "(leases not renewed within FLEET_LEASE_MS stop counting): " + e.getMessage(), e);
            }
        }
    }

    /** Releases every lease still held, best effort: the engine closes. Leases left behind expire by themselves. */
    public void releaseAll() {
        List<String> members = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        live.keySet().forEach(member -> {
            String app = live.remove(member);
            if (app != null) {
                members.add(member);
                apps.add(app);
            }
        });
        if (!members.isEmpty()) {
            remove(members, apps);
        }
    }

    private void remove(List<String> members, List<String> apps) {
        List<String> keys = new ArrayList<>(List.of(SESSIONS));
        keys.addAll(apps);
        try {
            link.commands().eval(RELEASE, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                                 members.toArray(String[]::new));
        } catch (RedisException e) {
            EngineMetrics.providerError("redis", "lease_release", "unreachable");
            LOGGER.log(Level.WARNING, "releasing " + members.size() + " session leases failed, Redis failed (they "
                    + "expire by themselves within FLEET_LEASE_MS): " + e.getMessage(), e);
        }
    }
}
