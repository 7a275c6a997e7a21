package dev.realtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code engine warm-up}: once the engine has started, asks its own {@code /health} and reports whether it answered
 * 200. Run under {@code -XX:AOTCacheOutput=FILE}, the JVM then writes the classes loaded and linked on that path
 * and their profiles into an AOT cache that later starts load with {@code -XX:AOTCache=FILE} (about half the
 * startup time, bench/README.md). Runs on the main thread.
 */
final class WarmUp {
    private WarmUp() {
    }

    /**
     * @param port the port the engine listens on
     * @return the process exit status: 0 when {@code /health} answered 200
     */
    static int run(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(30)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            System.err.println("warm-up: /health answered " + status);
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            System.err.println("warm-up: /health failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
