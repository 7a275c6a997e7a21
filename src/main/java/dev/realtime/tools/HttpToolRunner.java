package dev.realtime.tools;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.upstream.ErrorBody;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Performs server tool calls as HTTP requests with the JDK client: the URL template filled from the arguments,
 * headers with secrets from the environment, the tool's timeout. Runs on the calling (virtual) thread and may be
 * shared by any number of them; an interrupt aborts the request (the connection is closed) and surfaces as
 * {@link ToolCancelledException}. Header values are never logged nor put in a result.
 */
public final class HttpToolRunner implements ToolRunner {
    /** Longest tool answer handed to the model, in bytes; a model gains nothing from more and pays for every token. */
    static final int MAX_OUTPUT_BYTES = 16 * 1024;
    /** How much of a failed answer's body the model sees. */
    static final int MAX_ERROR_BODY_CHARS = 500;
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Map<String, String> env;

    private HttpToolRunner(HttpClient client, Map<String, String> env) {
        this.client = client;
        this.env = Map.copyOf(env);
    }

    /**
     * Creates a runner; called once at startup.
     *
     * @param client the HTTP client; secrets in custom headers follow the redirects it follows
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
            return new ToolResult(false, error(tool.name() + " was not called: " + e.getMessage()));
        }
        try {
            HttpResponse<CappedBody.Text> response = client.send(request, CappedBody.handler(MAX_OUTPUT_BYTES));
            return result(tool, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            // send() has already cancelled the exchange, which closes its connection
            Thread.currentThread().interrupt();
            throw new ToolCancelledException(tool.name() + " was abandoned: its response was cancelled");
        } catch (HttpTimeoutException e) {
            return failed(tool.name() + " timed out after " + tool.timeout().toMillis() + " ms",
                          Fault.of(FailureKind.TIMEOUT, "no answer within " + tool.timeout().toMillis() + " ms"));
        } catch (ConnectException e) {
            // the JDK's ConnectException carries no message
            URI uri = request.uri();
            return failed(tool.name() + " failed: cannot connect to " + uri.getHost() + ":" + port(uri),
                          Fault.unanswered(e));
        } catch (IOException e) {
            Fault fault = Fault.unanswered(e);
            return failed(tool.name() + " failed: " + fault.detail(), fault);
        }
    }

    private HttpRequest request(ServerTool tool, JsonNode arguments) {
        if (!arguments.isObject()) {
            throw new IllegalArgumentException("the arguments must be a JSON object");
        }
        boolean hasBody = BODY_METHODS.contains(tool.method());
        UrlTemplate.Filled url = UrlTemplate.fill(tool.url(), arguments, !hasBody);
        HttpRequest.Builder builder = UpstreamHttp.request(URI.create(url.url())).timeout(tool.timeout());
        ToolHeaders.apply(tool.headers(), env, builder);
        if (!ToolHeaders.has(tool.headers(), "Accept")) {
            builder.header("Accept", "application/json");
        }
        if (!hasBody) {
            return builder.method(tool.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        if (!ToolHeaders.has(tool.headers(), "Content-Type")) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(tool.method(), HttpRequest.BodyPublishers.ofString(arguments.toString(),
                                                                                  StandardCharsets.UTF_8)).build();
    }

    private static ToolResult result(ServerTool tool, int status, CappedBody.Text body) {
        if (status / 100 == 2) {
            if (body.text().isBlank()) {
                return new ToolResult(true, JSON.createObjectNode().put("ok", true).toString());
            }
            return new ToolResult(true, body.truncated()
                    ? body.text() + "\n…[truncated: the answer was longer than " + MAX_OUTPUT_BYTES + " bytes]"
                    : body.text());
        }
        return new ToolResult(false, JSON.createObjectNode()
                .put("error", "HTTP " + status + " from " + tool.name())
                .put("body", prefix(body.text(), MAX_ERROR_BODY_CHARS))
                .toString(), Optional.of(Fault.status(status, ErrorBody.parse(body.text()).message())));
    }

    private static String prefix(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static ToolResult failed(String message, Fault fault) {
        return new ToolResult(false, error(message), Optional.of(fault));
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }
}
