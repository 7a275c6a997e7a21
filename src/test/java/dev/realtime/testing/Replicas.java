package dev.realtime.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several engine processes sharing one Redis as replicas do: the same {@code JWT_SECRET} and engine key, each with
 * its own data folder and {@code REPLICA_ID} ({@code a}, {@code b}, {@code c}...). Only the offline LLM and the
 * energy VAD, no speech engines, so the JVMs start in about a second and a half; started together, then awaited.
 * Methods run on the test's thread.
 */
public final class Replicas implements AutoCloseable {
    /** The secret every replica signs and checks {@code ek_} tokens with. */
    public static final String JWT_SECRET = "a-secret-the-replicas-share-0123456789";

    private final List<EngineProcess> engines;

    private Replicas(List<EngineProcess> engines) {
        this.engines = engines;
    }

    /**
     * Starts {@code count} replicas and waits until each is ready; on a failure the ones started are killed.
     *
     * @param dir   a folder for their logs and data
     * @param redis the Redis they share
     * @param count how many
     * @param env   variables on top of the shared ones (an empty value removes one, {@code REDIS_URL} included)
     * @return the ready replicas
     */
    public static Replicas start(Path dir, RedisServer redis, int count, Map<String, String> env)
            throws InterruptedException {
        List<EngineProcess> engines = new ArrayList<>();
        Replicas replicas = new Replicas(engines);
        try {
            for (int i = 0; i < count; i++) {
                String id = String.valueOf((char) ('a' + i));
                Map<String, String> all = new HashMap<>(Map.of(
                        "REDIS_URL", redis.url().toString(), "JWT_SECRET", JWT_SECRET, "REPLICA_ID", id,
                        "LLM_PROVIDER", "offline", "STT_PROVIDER", "none", "TTS_PROVIDER", "none",
                        "VAD_PROVIDER", "energy"));
                all.putAll(env);
                engines.add(EngineProcess.start(id, dir.resolve(id), all));
            }
            for (EngineProcess engine : engines) {
                engine.awaitReady();
            }
            return replicas;
        } catch (RuntimeException | Error | InterruptedException e) {
            replicas.close();
            throw e;
        }
    }

    /** The replica with REPLICA_ID {@code id}. */
    public EngineProcess get(String id) {
        return engines.stream().filter(e -> e.name().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no replica " + id));
    }

    /** Every replica's output, for a failing test's report. */
    public String logs() {
        return engines.stream().map(e -> "---- replica " + e.name() + " ----\n" + e.log())
                .collect(Collectors.joining("\n"));
    }

    /** Kills the replicas still running. */
    @Override
    public void close() throws InterruptedException {
        for (EngineProcess engine : engines) {
            engine.close();
        }
    }
}
