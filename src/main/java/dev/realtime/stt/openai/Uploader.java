package dev.realtime.stt.openai;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;
import dev.realtime.upstream.ErrorBody;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamHttp;

/**
 * Uploads one turn as a WAV file and turns the answer into {@code Completed} or {@code Failed}; never throws.
 * Thread-safe; {@link #transcribe} blocks its (virtual) upload thread for at most the settings' timeout.
 */
final class Uploader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenAiSttSettings settings;
    private final HttpClient client;
    private final SttOptions options;

    Uploader(OpenAiSttSettings settings, HttpClient client, SttOptions options) {
        this.settings = settings;
        this.client = client;
        this.options = options;
    }

    /**
     * @param itemId the committed item
     * @param pcm    16 kHz mono s16le audio of the turn, in pieces (not copied: they must not change)
     * @return the item's result
     */
    SttEvent transcribe(String itemId, List<byte[]> pcm) {
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(request(pcm),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return interpret(itemId, response.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            response.cancel(true);
            return timeout(itemId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return timeout(itemId);
            }
            return SttEvent.Failed.upstream(itemId, Fault.unanswered(e.getCause()));
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return SttEvent.Failed.upstream(itemId, Fault.of(FailureKind.UNREACHABLE, "cancelled"));
        }
    }

    private HttpRequest request(List<byte[]> pcm) {
        int bytes = pcm.stream().mapToInt(b -> b.length).sum();
        List<byte[]> wav = new ArrayList<>(pcm.size() + 1);
        wav.add(WavFile.header(bytes, SttStream.SAMPLE_RATE));
        wav.addAll(pcm);
        MultipartBody body = MultipartBody.create()
                .file("file", "audio.wav", "audio/wav", wav)
                .field("model", settings.model())
                .field("response_format", "json");
        options.language().filter(l -> !l.isBlank()).ifPresent(l -> body.field("language", l));
        options.prompt().filter(p -> !p.isBlank()).ifPresent(p -> body.field("prompt", p));
        HttpRequest.Builder builder = UpstreamHttp.request(settings.endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", body.contentType())
                .header("Accept", "application/json")
                .POST(body.publisher());
        settings.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> builder.header("Authorization", "Bearer " + k));
        return builder.build();
    }

    private static SttEvent interpret(String itemId, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        if (status < 200 || status >= 300) {
            return SttEvent.Failed.upstream(itemId, Fault.status(status, ErrorBody.parse(body).message()));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root != null && root.path("text").isTextual()) {
            return new SttEvent.Completed(itemId, root.path("text").asText().strip());
        }
        boolean plain = response.headers().firstValue("Content-Type").filter(t -> t.startsWith("text/plain"))
                .isPresent();
        if (plain) {
            return new SttEvent.Completed(itemId, body.strip());
        }
        return SttEvent.Failed.upstream(itemId, Fault.of(FailureKind.STREAM_BROKEN, "answered " + status
                + " without a text field: " + ErrorBody.parse(body).message()));
    }

    private SttEvent timeout(String itemId) {
        return SttEvent.Failed.upstream(itemId, Fault.of(FailureKind.TIMEOUT, "no answer within "
                + settings.timeout().toMillis() + " ms"));
    }
}
