package dev.realtime.fleet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import dev.realtime.config.RuntimeStore;
import dev.realtime.observe.EngineMetrics;

/**
 * Makes a replica take each new version of the shared configuration: a message on the channel
 * {@code realtime:config} asks for it at once, and a check of the stored version every {@link #INTERVAL} finds one
 * whose message was missed (a reconnect, a subscription not yet renewed). Both run on one thread of its own. A
 * Redis failure is said once until Redis answers again, and counted each time. Lettuce reconnects the
 * subscription by itself.
 */
public final class ConfigFollower implements AutoCloseable {
    /** How often the stored version is checked for a missed message. */
    public static final Duration INTERVAL = Duration.ofMillis(500);

    private static final System.Logger LOGGER = System.getLogger(ConfigFollower.class.getName());

    private final RuntimeStore store;
    private final ScheduledExecutorService thread;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private boolean failing; // only the follower's thread touches it

    private ConfigFollower(RedisLink link, RuntimeStore store) {
        this.store = store;
        EngineMetrics.registerProviderErrors("redis", "config_follow", List.of("unreachable"));
        this.subscription = link.subscriber();
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("config-follow").factory());
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String version) {
                try {
                    thread.execute(ConfigFollower.this::pull); // never block Lettuce's event loop
                } catch (RejectedExecutionException e) {
                    // closing: the engine no longer takes configurations
                }
            }
        });
        try {
            subscription.sync().subscribe(RedisConfigLayer.KEY);
        } catch (RedisException e) {
            close();
            throw new FleetException("cannot subscribe to " + RedisConfigLayer.KEY + ": " + e.getMessage(), e);
        }
        thread.scheduleWithFixedDelay(this::pull, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following. Called once, at wiring, after the store's activation is set.
     *
     * @param link  the engine's Redis link
     * @param store the store that shares its layer through that link
     * @return the follower, closed with the engine
     * @throws FleetException when the subscription cannot be made
     */
    public static ConfigFollower start(RedisLink link, RuntimeStore store) {
        return new ConfigFollower(link, store);
    }

    /** Runs on the follower's thread. */
    private void pull() {
        try {
            store.pull();
            if (failing) {
                failing = false;
                LOGGER.log(Level.INFO, "the shared configuration can be read again");
            }
        } catch (RuntimeException e) {
            EngineMetrics.providerError("redis", "config_follow", "unreachable");
            if (!failing) {
                failing = true;
                LOGGER.log(Level.WARNING, "cannot follow the shared configuration; new versions are taken when "
                        + "Redis answers again: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        subscription.close();
    }
}
