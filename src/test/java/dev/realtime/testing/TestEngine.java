package dev.realtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.webserver.WebServer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.Engine;
import dev.realtime.Main;
import dev.realtime.auth.SessionDefaults;

/**
 * The whole engine on 127.0.0.1 with a random port and a throw-away data folder, configured by an environment map
 * exactly as in production. Closed after each test class.
 */
public final class TestEngine implements RunningEngine, AutoCloseable {
    /** Engine API key used by tests. */
    public static final String API_KEY = "test-engine-key";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Engine engine;
    private final WebServer server;
    private final Path dataDir;
    private final Map<String, String> env;

    private TestEngine(Map<String, String> env, String runtimeYaml) {
        this(env, newDataDir(runtimeYaml));
    }

    private TestEngine(Map<String, String> env, Path dataDir) {
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
        Map<String, String> all = new HashMap<>();
        all.put("HOST", "127.0.0.1");
        all.put("PORT", "0");
        all.put("DATA_DIR", dataDir.toString());
        all.put("ENGINE_API_KEY", API_KEY);
        all.putAll(env);
        all.values().removeIf(String::isEmpty);
        engine = Engine.create(all, Clock.systemUTC());
        server = WebServer.builder().update(b -> Main.setup(b, engine)).build().start();
    }

    private static Path newDataDir(String runtimeYaml) {
        try {
            Path dataDir = Files.createTempDirectory("engine-test");
            if (!runtimeYaml.isEmpty()) {
                Files.createDirectories(dataDir.resolve("config"));
                Files.writeString(dataDir.resolve("config").resolve("runtime.yaml"), runtimeYaml);
            }
            return dataDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new engine on a stopped one's environment and data folder, as a restart of the process would be. */
    public static TestEngine restart(TestEngine stopped) {
        return new TestEngine(stopped.env, stopped.dataDir);
    }

    /**
     * Starts an engine. An empty value removes a default (for example {@code ENGINE_API_KEY=""}).
     *
     * @param env environment variables on top of the test defaults
     * @return running engine
     */
    public static TestEngine start(Map<String, String> env) {
        return new TestEngine(env, "");
    }

    /** Starts an engine with {@code DATA_DIR/config/runtime.yaml} written first. */
    public static TestEngine start(Map<String, String> env, String runtimeYaml) {
        return new TestEngine(env, runtimeYaml);
    }

    @Override
    public Path runtimeFile() {
        return dataDir.resolve("config").resolve("runtime.yaml");
    }

    /**
     * Starts an engine whose LLM is the fake chat server, with {@code DATA_DIR/config/runtime.yaml} written first.
     *
     * @param baseUrl     the fake's base URL
     * @param runtimeYaml the runtime configuration file's text
     * @param extra       environment variables on top of the test defaults
     * @return running engine
     */
    public static TestEngine withRuntimeYaml(URI baseUrl, String runtimeYaml, Map<String, String> extra) {
        return new TestEngine(llmEnv(baseUrl, extra), runtimeYaml);
    }

    /** Starts an engine whose LLM is the fake chat server at the given base URL. */
    public static TestEngine withLlm(URI baseUrl, Map<String, String> extra) {
        return start(llmEnv(baseUrl, extra));
    }

    private static Map<String, String> llmEnv(URI baseUrl, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("LLM_PROVIDER", "openai-compatible");
        env.put("OPENAI_COMPATIBLE_BASE_URL", baseUrl.toString());
        env.put("OPENAI_COMPATIBLE_MODEL", "fake-model");
        env.put("OPENAI_COMPATIBLE_API_KEY", "fake-upstream-key");
        return env;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String token() {
        return engine.tokens().mint("test-app", Optional.empty(), Optional.empty()).value();
    }

    /**
     * A token minted as a client's backend mints it: {@code POST /v1/realtime/client_secrets} with the engine key.
     *
     * @return the {@code ek_} value
     */
    public String mintedToken() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUri() + "/v1/realtime/client_secrets"))
                                                   .header("Authorization", "Bearer " + API_KEY)
                                                   .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("minting a token failed: " + r.statusCode() + " " + r.body());
        }
        return new ObjectMapper().readTree(r.body()).path("value").asText();
    }

    @Override
    public String token(SessionDefaults defaults) {
        return engine.tokens().mint("test-app", Optional.empty(), Optional.of(defaults)).value();
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        server.stop();
        engine.close();
    }
}
