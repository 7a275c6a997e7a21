package dev.realtime.llm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import dev.realtime.upstream.Causes;
import dev.realtime.upstream.Endpoints;
import dev.realtime.upstream.ErrorBody;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Streams completions from any OpenAI-compatible {@code /chat/completions} endpoint (OpenAI, Groq, OpenRouter,
 * Ollama, vLLM). Thread-safe and shared; {@link #stream(ChatRequest)} runs on the caller's (response) thread.
 */
public final class OpenAiCompatibleChatModel implements ChatModel {

    private static final System.Logger LOGGER = System.getLogger(OpenAiCompatibleChatModel.class.getName());
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final LlmSettings settings;
    private final HttpClient client;
    /** The request's parts that never change, made once; never changed after the constructor, copied per request. */
    private final HttpRequest.Builder template;

    private OpenAiCompatibleChatModel(LlmSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.template = template(settings);
    }

    /**
     * @param settings endpoint, model, timeouts and retry budget
     * @param client   the HTTP client to use (its connect timeout applies)
     * @return the model
     */
    public static OpenAiCompatibleChatModel create(LlmSettings settings, HttpClient client) {
        return new OpenAiCompatibleChatModel(settings, client);
    }

    /**
     * @param settings endpoint, model, timeouts and retry budget
     * @return the model with its own HTTP client using {@link LlmSettings#connectTimeout()}
     */
    public static OpenAiCompatibleChatModel create(LlmSettings settings) {
        return create(settings, UpstreamHttp.client("llm", settings.connectTimeout()));
    }

    @Override
    public String name() {
        return settings.provider();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        HttpRequest http = httpRequest(ChatRequestEncoder.encode(settings, request));
        Duration waited = Duration.ZERO;
        for (int retries = 0; ; retries++) {
            HttpResponse<InputStream> response = send(http);
            GuardedBody body = GuardedBody.start(response.body(), settings.firstByteTimeout(), settings.idleTimeout());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new SseChatStream(body);
            }
            ErrorBody error = ErrorBody.parse(readError(body));
            Optional<Duration> delay = RetryPolicy.delay(status, response.headers(), error, retries, settings,
                                                         waited, Instant.now());
            if (delay.isEmpty()) {
                throw new ChatException(ChatException.kindForStatus(status), error.message(), OptionalInt.of(status),
                                        error.code(), null);
            }
            LOGGER.log(Level.DEBUG, () -> "Upstream " + settings.provider() + " returned " + status
                    + ", retrying in " + delay.get().toMillis() + " ms");
            pause(delay.get());
            waited = waited.plus(delay.get());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest http) {
        try {
            return client.send(http, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ChatException(ChatException.Kind.TIMEOUT, "no answer within "
                    + settings.firstByteTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            Fault fault = Fault.unanswered(e);
            throw new ChatException(ChatException.Kind.of(fault.kind()), Causes.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ChatException.Kind.CANCELLED, "Chat request interrupted", e);
        }
    }

    private HttpRequest httpRequest(byte[] body) {
        return template.copy().POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static HttpRequest.Builder template(LlmSettings settings) {
        HttpRequest.Builder builder = UpstreamHttp.request(endpoint(settings.baseUrl()))
                .timeout(settings.firstByteTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream");
        settings.apiKey()
                .filter(key -> !key.isBlank())
                .ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        if (settings.provider().equalsIgnoreCase("openrouter")) {
            builder.header("X-Title", "realtime-engine");
        }
        return builder;
    }

    private static String readError(GuardedBody body) {
        byte[] buffer = new byte[MAX_ERROR_BODY];
        int length = 0;
        try {
            int n;
            while (length < buffer.length && (n = body.read(buffer, length, buffer.length - length)) >= 0) {
                length += n;
            }
        } catch (IOException e) {
            // keep what was read; the status alone still says what happened
        } finally {
            body.release();
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ChatException.Kind.CANCELLED, "Chat request interrupted while waiting to retry", e);
        }
    }

    static URI endpoint(URI base) {
        return Endpoints.http(base, "/chat/completions");
    }
}
