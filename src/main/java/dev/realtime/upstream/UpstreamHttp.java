package dev.realtime.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The one place the engine's HTTP clients are made, and where each upstream request starts.
 *
 * <p>A client offers HTTP/2, which TLS negotiates with ALPN (falling back to HTTP/1.1). On cleartext the JDK would
 * ask for HTTP/2 with an {@code Upgrade: h2c} header on every request, which a server that also serves WebSocket
 * upgrades (gateways, the provider simulator) takes for an upgrade it does not offer and refuses; so a request to an
 * {@code http} URI is pinned to HTTP/1.1 ({@link #request(URI)}). WebSocket handshakes are HTTP/1.1 anyway.
 *
 * <p>Redirects are not followed: the JDK drops {@code Authorization} on a redirect to another origin but forwards
 * custom headers such as {@code X-Api-Key}, which would hand a key to whoever the upstream redirects to. Client
 * work runs on virtual threads. One client serves each kind of provider (per connect timeout) for the life of the
 * process, so a configuration change keeps the pooled connections and makes no new selector thread. Thread-safe.
 */
public final class UpstreamHttp {
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private UpstreamHttp() {
    }

    /**
     * The client for one kind of provider, made at its first use.
     *
     * @param kind           what it serves, for thread names: {@code llm}, {@code stt}, {@code tts}, {@code tools}
     * @param connectTimeout TCP and TLS connect timeout
     * @return the client
     */
    public static HttpClient client(String kind, Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(kind + "/" + connectTimeout.toMillis(), k -> make(kind, connectTimeout));
    }

    private static HttpClient make(String kind, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upstream-" + kind + "-", 0)
                                                                     .factory()))
                .build();
    }

    /**
     * Starts a request: HTTP/1.1 on cleartext, the client's version (HTTP/2 by ALPN where the server offers it) on TLS.
     *
     * @param uri the endpoint
     * @return the builder
     */
    public static HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder;
    }
}
