package dev.realtime.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The engine's one connection to the Redis server that its replicas share ({@code REDIS_URL}): a Lettuce client and
 * a thread-safe connection, made and checked with a {@code PING} when the engine starts, closed with the engine.
 * While the server is unreachable commands fail at once instead of queueing, so a caller can refuse what it cannot
 * check. Any thread.
 */
public final class RedisLink implements AutoCloseable {
    /** How long one command may take before it fails. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Longest wait between two reconnection attempts (Lettuce's default grows to 30 s). */
    static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(2);

    private final ClientResources resources;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisLink(ClientResources resources, RedisClient client,
                      StatefulRedisConnection<String, String> connection) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
    }

    /**
     * Connects and checks the server answers.
     *
     * @param url   the server ({@code redis://[user:password@]host[:port][/db]})
     * @param shown the URL as a message may show it (no password)
     * @return the link
     * @throws FleetException when the server cannot be reached or refuses the connection
     */
    public static RedisLink connect(URI url, String shown) {
        RedisURI target = RedisURI.create(url);
        target.setTimeout(COMMAND_TIMEOUT);
        // a replica follows the shared configuration again within seconds of Redis coming back
        ClientResources resources = ClientResources.builder().reconnectDelay(Delay.exponential(
                Duration.ofMillis(50), RECONNECT_AT_MOST, 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, target);
        client.setOptions(ClientOptions.builder()
                                  .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                                  .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
            try {
                connection.sync().ping();
            } catch (RedisException e) {
                connection.close();
                throw e;
            }
            return new RedisLink(resources, client, connection);
        } catch (RedisException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new FleetException("cannot reach Redis at " + shown + " (REDIS_URL): " + e.getMessage()
                                             + "; start it, fix REDIS_URL, or unset it to run a single replica", e);
        }
    }

    /** Synchronous commands on the shared connection; each fails within {@link #COMMAND_TIMEOUT}. */
    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /**
     * A new connection for subscribing to channels; Lettuce reconnects it and subscribes again after a loss. The
     * caller closes it.
     *
     * @throws FleetException when it cannot be made
     */
    public StatefulRedisPubSubConnection<String, String> subscriber() {
        try {
            return client.connectPubSub(StringCodec.UTF8);
        } catch (RedisException e) {
            throw new FleetException("cannot open a Redis subscription: " + e.getMessage(), e);
        }
    }

    /** Closes the connection and the client's threads. Called once, by the engine's close. */
    @Override
    public void close() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
