package dev.realtime.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs warm-up sessions against an engine on 127.0.0.1 for a bounded time: {@code concurrency} clients, started
 * over the first two seconds, each minting a token ({@code POST /v1/realtime/client_secrets}) and playing
 * {@link WarmUpSession}'s script, again while a whole script still fits before the end, GA and beta dialects
 * alternately; beside them {@code callers} phones calling the same way, half of them the engine's SIP user agent
 * ({@link WarmUpCall}), half its Twilio Media Streams endpoint ({@link WarmUpStreamCall}). Each client and
 * caller runs on its own virtual thread; {@link #run} blocks the caller until all are done.
 */
public final class WarmUpDriver {
    /** How long one script takes at most, about: a new session starts only while this much time is left. */
    private static final Duration SCRIPT = Duration.ofSeconds(9);
    /** How long one call takes at most, about: a new call is placed only while this much time is left. */
    private static final Duration CALL = Duration.ofSeconds(8);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int port;
    private final String apiKey;
    private final WarmUpAudio audio = WarmUpAudio.load();
    private final WarmUpTally tally = new WarmUpTally();

    private WarmUpDriver(int port, String apiKey) {
        this.port = port;
        this.apiKey = apiKey;
    }

    /**
     * Runs the sessions; on the caller's thread, which it blocks until the last session closed.
     *
     * @param port        the engine's port on 127.0.0.1
     * @param apiKey      the engine's {@code ENGINE_API_KEY}, to mint session tokens
     * @param sipPort     the engine's {@code SIP_PORT} on 127.0.0.1
     * @param duration    how long to run; sessions and calls end at the latest then
     * @param concurrency sessions at a time
     * @param callers     phone calls at a time, SIP and Twilio alternately (at least 2 for both)
     * @param providerRequests the responder's request count, read once the sessions are done
     * @return what happened
     * @throws InterruptedException when the caller is interrupted
     */
    public static WarmUpReport run(int port, String apiKey, int sipPort, Duration duration, int concurrency,
                                   int callers, IntSupplier providerRequests) throws InterruptedException {
        WarmUpDriver driver = new WarmUpDriver(port, apiKey);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             WarmUpPhone phone = WarmUpPhone.start(sipPort);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                long startAt = start + Duration.ofSeconds(2).toNanos() * i / concurrency;
                int client = i;
                clients.submit(() -> driver.client(http, client, startAt, deadline));
            }
            for (int i = 0; i < callers; i++) {
                long startAt = start + Duration.ofSeconds(2).toNanos() * i / callers;
                if (i % 2 == 0) {
                    clients.submit(() -> driver.caller(phone, startAt, deadline));
                } else {
                    clients.submit(() -> driver.streamer(http, startAt, deadline));
                }
            }
        }
        return driver.tally.report(providerRequests.getAsInt());
    }

    private Void client(HttpClient http, int client, long startAt, long deadline) throws InterruptedException {
        Thread.sleep(Duration.ofNanos(Math.max(0, startAt - System.nanoTime())));
        int round = 0;
        while (deadline - System.nanoTime() > SCRIPT.toNanos() || round == 0) {
            tally.session();
            boolean beta = (client + round) % 2 == 1;
            URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/realtime");
            try (WarmUpSocket socket = WarmUpSocket.open(http, uri, mint(http), beta)) {
                new WarmUpSession(socket, audio, tally, deadline).play(beta);
            } catch (IOException | RuntimeException e) {
                tally.sessionFailed(e.toString());
                return null;
            }
            round++;
        }
        return null;
    }

    private Void caller(WarmUpPhone phone, long startAt, long deadline) throws InterruptedException {
        Thread.sleep(Duration.ofNanos(Math.max(0, startAt - System.nanoTime())));
        int round = 0;
        while (deadline - System.nanoTime() > CALL.toNanos() || round == 0) {
            tally.call();
            try {
                new WarmUpCall(phone, audio, tally, deadline).play();
            } catch (IOException | RuntimeException e) {
                tally.callFailed(e.toString());
                return null;
            }
            round++;
        }
        return null;
    }

    private Void streamer(HttpClient http, long startAt, long deadline) throws InterruptedException {
        Thread.sleep(Duration.ofNanos(Math.max(0, startAt - System.nanoTime())));
        int round = 0;
        while (deadline - System.nanoTime() > CALL.toNanos() || round == 0) {
            tally.stream();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/telephony/twilio/media");
            try (WarmUpSocket socket = WarmUpSocket.openStream(http, uri)) {
                new WarmUpStreamCall(socket, audio, tally, deadline).play();
            } catch (IOException | RuntimeException e) {
                tally.callFailed(e.toString());
                return null;
            }
            round++;
        }
        return null;
    }

    private String mint(HttpClient http) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/realtime/client_secrets"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("minting a token answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body()).path("value").asText();
    }
}
