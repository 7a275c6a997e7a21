package dev.realtime.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * Replicas as issue 18 deploys them, all on 127.0.0.1: Debian's {@code redis-server}, engine processes sharing it
 * ({@link Replicas}) and Debian's nginx running the shipped {@code etc/nginx/replicas.conf} in front of the first
 * two. Closed in reverse order (nginx, the replicas, Redis). Test threads.
 */
public final class BalancedReplicas implements AutoCloseable {
    private static final Path SHIPPED_CONF = Path.of("etc/nginx/replicas.conf");

    private final RedisServer redis;
    private final Replicas replicas;
    private final Nginx nginx;

    private BalancedReplicas(RedisServer redis, Replicas replicas, Nginx nginx) {
        this.redis = redis;
        this.replicas = replicas;
        this.nginx = nginx;
    }

    /**
     * Starts Redis, two replicas {@code a} and {@code b}, and nginx before them.
     *
     * @param dir the replicas' data folders go here
     * @param env settings every replica gets on top of {@link Replicas}' own
     * @return the running set
     * @throws Exception when a part does not start (what started is stopped)
     */
    public static BalancedReplicas start(Path dir, Map<String, String> env) throws Exception {
        RedisServer redis = RedisServer.start();
        Replicas replicas = null;
        try {
            replicas = Replicas.start(dir, redis, 2, env);
            Nginx nginx = Nginx.startReplicas(SHIPPED_CONF, replicas.get("a").port(), replicas.get("b").port());
            return new BalancedReplicas(redis, replicas, nginx);
        } catch (Exception | AssertionError e) {
            if (replicas != null) {
                replicas.close();
            }
            redis.close();
            throw e;
        }
    }

    public Replicas replicas() {
        return replicas;
    }

    public Nginx nginx() {
        return nginx;
    }

    /** Every replica's log and nginx's logs, for a failed test's output. */
    public String report() {
        return replicas.logs() + "\n---- nginx ----\n" + nginx.log() + "\n" + nginx.accessLog();
    }

    @Override
    public void close() throws Exception {
        try (RedisServer r = redis; Replicas all = replicas; Nginx n = nginx) {
            // closed in reverse order: nginx, the replicas, Redis
        }
    }
}
