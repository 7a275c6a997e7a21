package dev.realtime.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Performs server tool calls as HTTP requests with the JDK client: the URL template filled from the arguments,
 * headers with secrets from the environment, the tool's timeout. Runs on the calling thread; an interrupt aborts
 * the request (the connection is closed) and surfaces as {@link ToolCancelledException}.
 */
public final class HttpToolRunner implements ToolRunner {
    /** Longest tool answer handed to the model; a model gains nothing from more and pays for every token. */
    static final int MAX_OUTPUT_CHARS = 16 * 1024;
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Map<String, String> env;

    private HttpToolRunner(HttpClient client, Map<String, String> env) {
        this.client = client;
        this.env = Map.copyOf(env);
    }

    /**
     * @param client the HTTP client
     * @param env    environment variables that {@code ${NAME}} in header values refer to
     * @return a runner
     */
    public static HttpToolRunner create(HttpClient client, Map<String, String> env) {
        return new HttpToolRunner(client, env);
    }

    @Override
    public ToolResult run(ServerTool tool, JsonNode arguments) {
        HttpRequest request;
        try {
            request = request(tool, arguments);
        } catch (IllegalArgumentException e) {
            return error(tool.name() + " was not called: " + e.getMessage());
        }
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(
                    StandardCharsets.UTF_8));
            String body = response.body();
            if (response.statusCode() / 100 == 2) {
                return new ToolResult(true, body.isBlank() ? "{\"ok\":true}" : cap(body));
            }
            ObjectNode error = JSON.createObjectNode().put("error", "HTTP " + response.statusCode() + " from "
                    + tool.name());
            error.put("body", body.length() > 500 ? body.substring(0, 500) : body);
            return new ToolResult(false, error.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolCancelledException(tool.name() + " was abandoned: its response was cancelled");
        } catch (HttpTimeoutException e) {
            return error(tool.name() + " timed out after " + tool.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return error(tool.name() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
    }

    private HttpRequest request(ServerTool tool, JsonNode arguments) {
        UrlTemplate.Filled url = UrlTemplate.fill(tool.url(), arguments,
                                                  !BODY_METHODS.contains(tool.method()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url.url())).timeout(tool.timeout());
        boolean accept = false;
        for (Map.Entry<String, String> header : tool.headers().entrySet()) {
            builder.header(header.getKey(), EnvReferences.expand(header.getValue(), env));
            accept |= header.getKey().equalsIgnoreCase("accept");
        }
        if (!accept) {
            builder.header("Accept", "application/json");
        }
        if (BODY_METHODS.contains(tool.method())) {
            builder.header("Content-Type", "application/json");
            return builder.method(tool.method(), HttpRequest.BodyPublishers.ofString(arguments.toString(),
                                                                                      StandardCharsets.UTF_8)).build();
        }
        return builder.method(tool.method(), HttpRequest.BodyPublishers.noBody()).build();
    }

    private static String cap(String body) {
        return body.length() <= MAX_OUTPUT_CHARS ? body
                : body.substring(0, MAX_OUTPUT_CHARS) + "…[truncated: " + body.length() + " characters in all]";
    }

    private static ToolResult error(String message) {
        return new ToolResult(false, JSON.createObjectNode().put("error", message).toString());
    }
}
