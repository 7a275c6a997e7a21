package dev.realtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The project's independent provider simulator ({@code ../shared/harness/fake-providers.mjs}, Node on its own HTTP
 * stack) as a child process on 127.0.0.1 with a port of its choosing: OpenAI-compatible chat, transcription and
 * speech, Deepgram listen and speak, with faults set at run time. {@link SimulatorFiles} prepares its folder;
 * {@link SimulatorOutput} reads what it prints.
 * Methods are called on the test thread; close stops the process.
 */
public final class ProviderSimulator implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration STOP = Duration.ofSeconds(5);
    // the simulator exits when its stdin closes, so it cannot outlive a test JVM that dies without closing it
    private static final String EXIT_WITH_PARENT =
            "data:text/javascript,process.stdin.on('end',()=>process.exit(0)).resume()";
    private static final ObjectMapper JSON = new ObjectMapper();
    // the simulator, like real gateways, refuses requests that carry Upgrade: h2c
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI baseUrl;
    private final SimulatorOutput output;

    private ProviderSimulator(Process process, URI baseUrl, SimulatorOutput output) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.output = output;
    }

    /**
     * Prepares the simulator's folder (copy, {@code npm install} once) and starts it.
     *
     * @return the running simulator
     * @throws AssertionError when Node or npm is missing, or the simulator does not start
     */
    public static ProviderSimulator start() {
        Path dir = SimulatorFiles.prepare();
        ProcessBuilder builder = new ProcessBuilder(SimulatorFiles.NODE, "--import", EXIT_WITH_PARENT,
                                                    "fake-providers.mjs")
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("FAKE_"));
        builder.environment().put("FAKE_HOST", "127.0.0.1");
        builder.environment().put("FAKE_PORT", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start node fake-providers.mjs in " + dir, e);
        }
        SimulatorOutput output = SimulatorOutput.read(process);
        try {
            int port = output.port().get(START.toMillis(), TimeUnit.MILLISECONDS);
            return new ProviderSimulator(process, URI.create("http://127.0.0.1:" + port), output);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the provider simulator did not report its port within " + START
                                             + "; its output:\n" + output.text(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: Deepgram's base URL. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code http://127.0.0.1:PORT/v1}: the base URL of the OpenAI-compatible endpoints. */
    public URI openAiBaseUrl() {
        return URI.create(baseUrl + "/v1");
    }

    /**
     * Changes the simulator's settings ({@code POST /fake/config}): delays, texts, faults.
     *
     * @param patch keys of the simulator's {@code CONFIG} and their new values
     * @return the whole configuration after the change
     */
    public JsonNode configure(Map<String, ?> patch) {
        try {
            return request("POST", "/fake/config", JSON.writeValueAsString(patch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simulator's settings now ({@code GET /fake/config}), such as the texts it answers. */
    public JsonNode config() {
        return request("GET", "/fake/config", "");
    }

    /** The provider calls the simulator remembers (at most the last 200), oldest first. */
    public List<JsonNode> calls() {
        return calls(0);
    }

    /**
     * @param since the {@code seq} of a call seen before
     * @return the calls after it, oldest first
     */
    public List<JsonNode> calls(long since) {
        List<JsonNode> calls = new ArrayList<>();
        request("GET", "/fake/calls?since=" + since, "").path("calls").forEach(calls::add);
        return calls;
    }

    /** The {@code seq} of the latest call, 0 when none. */
    public long lastCall() {
        List<JsonNode> all = calls();
        return all.isEmpty() ? 0 : all.getLast().path("seq").asLong();
    }

    /** How many requests the simulator has failed on purpose since it started ({@code GET /stats}). */
    public long faultsInjected() {
        return request("GET", "/stats", "").path("faults").asLong();
    }

    private JsonNode request(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                                                 + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed; simulator output:\n" + output.text(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
