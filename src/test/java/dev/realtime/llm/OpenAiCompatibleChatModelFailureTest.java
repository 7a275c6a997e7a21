package dev.realtime.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.realtime.llm.ChatTestSupport.hello;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Upstream failures against the fake: HTTP errors, retries, broken streams, timeouts and cancellation. */
class OpenAiCompatibleChatModelFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeChatServer fake = FakeChatServer.start();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LlmSettings settings = LlmSettings.of("fake", fake.baseUrl(), Optional.empty(), "fake-model");

    @AfterEach
    void stop() {
        fake.close();
        client.shutdownNow();
    }

    @Test
    void retriesRateLimitAfterTheRetryAfterTheServerAskedFor() {
        fake.enqueue(FakeChatScript.error(429, FakeChatScript.openAiErrorBody(
                "Rate limit reached. Please try again in 1s.", "tokens", "rate_limit_exceeded"),
                                          Map.of("retry-after", "1", "x-ratelimit-remaining-tokens", "0")));
        long start = System.nanoTime();
        ChatTestSupport.Collected out = ChatTestSupport.collect(model().stream(hello()));
        assertThat(out.text(), is("Hello from the fake."));
        assertThat(fake.requestCount(), is(2));
        assertThat(elapsedMillis(start), greaterThanOrEqualTo(1000L));
    }

    @Test
    void failsAtOnceWhenRetryAfterExceedsTheBudget() {
        fake.enqueue(FakeChatScript.error(429, FakeChatScript.openAiErrorBody("Slow down", "requests",
                                                                              "rate_limit_exceeded"),
                                          Map.of("retry-after", "30")));
        long start = System.nanoTime();
        ChatException e = assertThrows(ChatException.class, () -> model().stream(hello()));
        assertThat(e.kind(), is(ChatException.Kind.RATE_LIMIT));
        assertThat(e.status(), is(OptionalInt.of(429)));
        assertThat(e.code(), is(Optional.of("rate_limit_exceeded")));
        assertThat(e.errorCode(), is("upstream_rate_limited"));
        assertThat(elapsedMillis(start), lessThan(1000L));
        assertThat(fake.requestCount(), is(1));
    }

    @Test
    void rejectedKeyFailsWithAuthAndTheUpstreamMessage() {
        try (FakeChatServer keyed = FakeChatServer.start("sk-right")) {
            LlmSettings wrong = LlmSettings.of("groq", keyed.baseUrl("/openai/v1"), Optional.of("sk-wrong"), "m");
            ChatException e = assertThrows(ChatException.class,
                                           () -> OpenAiCompatibleChatModel.create(wrong, client).stream(hello()));
            assertThat(e.kind(), is(ChatException.Kind.AUTH));
            assertThat(e.getMessage(), containsString("Incorrect API key provided."));
            assertThat(e.code(), is(Optional.of("invalid_api_key")));
            assertThat(e.errorCode(), is("upstream_auth_failed"));
            assertThat(keyed.requestCount(), is(1));
        }
    }

    @Test
    void exhaustedServerErrorsFailWithServer() {
        settings = settings.withRetries(2, Duration.ofMillis(400));
        String body = "{\"error\":{\"code\":503,\"message\":\"No provider matches\",\"metadata\":{}}}";
        fake.enqueue(FakeChatScript.error(503, body), FakeChatScript.error(503, body), FakeChatScript.error(503, body),
                     FakeChatScript.defaultScript());
        ChatException e = assertThrows(ChatException.class, () -> model().stream(hello()));
        assertThat(e.kind(), is(ChatException.Kind.SERVER));
        assertThat(e.status(), is(OptionalInt.of(503)));
        assertThat(e.getMessage(), containsString("No provider matches"));
        assertThat(fake.requestCount(), is(3));
    }

    @Test
    void mapsNonRetryableStatusesAndEveryBodyShape() {
        record Case(int status, String body, ChatException.Kind kind, String message) {
        }
        List<Case> cases = List.of(
                new Case(404, "{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try pulling it first\","
                        + "\"type\":\"not_found_error\"}}", ChatException.Kind.NOT_FOUND, "try pulling it first"),
                new Case(400, "{\"object\":\"error\",\"message\":\"context too long\",\"type\":\"BadRequestError\","
                        + "\"param\":null,\"code\":400}", ChatException.Kind.BAD_REQUEST, "context too long"),
                new Case(402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}",
                         ChatException.Kind.AUTH, "Insufficient credits"),
                new Case(413, "{\"detail\":\"File too large\"}", ChatException.Kind.BAD_REQUEST, "File too large"),
                new Case(503, "<html>down</html>", ChatException.Kind.SERVER, "<html>down</html>"));
        settings = settings.withRetries(0, Duration.ZERO);
        for (Case c : cases) {
            fake.enqueue(FakeChatScript.error(c.status(), c.body()));
            ChatException e = assertThrows(ChatException.class, () -> model().stream(hello()));
            assertThat("status " + c.status(), e.kind(), is(c.kind()));
            assertThat(e.getMessage(), containsString(c.message()));
        }
        assertThat(fake.requestCount(), is(cases.size()));
    }

    @Test
    void doesNotRetryWhenTheServerSaysSo() {
        fake.enqueue(FakeChatScript.error(503, "{}", Map.of("x-should-retry", "false")));
        assertThat(assertThrows(ChatException.class, () -> model().stream(hello())).kind(),
                   is(ChatException.Kind.SERVER));
        assertThat(fake.requestCount(), is(1));
    }

    @Test
    void midStreamErrorFailsAfterTheEarlierText() {
        fake.enqueue(FakeChatScript.sse().role().content("It is ").content("sunny")
                             .midStreamError("The server had an error while processing your request.", "server_error")
                             .build());
        List<ChatChunk> seen = new ArrayList<>();
        ChatException e = failure(seen);
        assertThat(e.kind(), is(ChatException.Kind.SERVER));
        assertThat(e.getMessage(), containsString("The server had an error"));
        assertThat(seen, contains(new ChatChunk.Text("It is "), new ChatChunk.Text("sunny")));
    }

    @Test
    void openRouterErrorChunkFailsTheStream() {
        fake.enqueue(FakeChatScript.sse().comment("OPENROUTER PROCESSING").role().content("Hi")
                             .openRouterError(502, "Network connection lost.").done().build());
        List<ChatChunk> seen = new ArrayList<>();
        ChatException e = failure(seen);
        assertThat(e.kind(), is(ChatException.Kind.SERVER));
        assertThat(e.status(), is(OptionalInt.of(502)));
        assertThat(seen, contains(new ChatChunk.Text("Hi")));
    }

    @Test
    void streamEndingWithoutDoneOrFinishIsBroken() {
        fake.enqueue(FakeChatScript.sse().role().content("Half an ans").build());
        List<ChatChunk> seen = new ArrayList<>();
        ChatException e = failure(seen);
        assertThat(e.kind(), is(ChatException.Kind.BROKEN_STREAM));
        assertThat(e.errorCode(), is("upstream_stream_broken"));
        assertThat(seen, contains(new ChatChunk.Text("Half an ans")));
    }

    @Test
    void connectionCutMidBodyIsBroken() {
        fake.enqueue(FakeChatScript.sse().role().content("Half").cut().build());
        ChatException e = failure(new ArrayList<>());
        assertThat(e.kind(), is(ChatException.Kind.BROKEN_STREAM));
    }

    @Test
    void silentUpstreamTripsTheIdleTimeoutAndIsDisconnected() {
        settings = settings.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300));
        fake.enqueue(FakeChatScript.sse().role().content("Hi").stall().build());
        try (ChatStream stream = model().stream(hello())) {
            assertThat(stream.next(), is(Optional.of(new ChatChunk.Text("Hi"))));
            long start = System.nanoTime();
            ChatException e = assertThrows(ChatException.class, stream::next);
            assertThat(e.kind(), is(ChatException.Kind.TIMEOUT));
            assertThat(elapsedMillis(start), greaterThanOrEqualTo(250L));
            assertThat(elapsedMillis(start), lessThan(3000L));
            assertThat(fake.awaitClientDisconnect(WAIT), is(true));
        }
    }

    @Test
    void headersWithoutAnyBodyTripTheFirstByteTimeout() {
        settings = settings.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));
        fake.enqueue(FakeChatScript.sse().stall().build());
        long start = System.nanoTime();
        // the 300 ms may run out while the request is still being answered (a loaded machine) or at the first
        // read: either way the caller gets the same timeout
        ChatException e = assertThrows(ChatException.class, () -> {
            try (ChatStream stream = model().stream(hello())) {
                stream.next();
            }
        });
        assertThat(e.kind(), is(ChatException.Kind.TIMEOUT));
        assertThat(e.errorCode(), is("upstream_timeout"));
        assertThat(elapsedMillis(start), lessThan(3000L));
        assertThat(fake.awaitClientDisconnect(WAIT), is(true));
    }

    @Test
    void closeFromAnotherThreadUnblocksNextAndDisconnects() throws Exception {
        fake.enqueue(FakeChatScript.sse().role().content("Hi").keepAliveUntilDisconnect(Duration.ofMillis(50)).build());
        ChatStream stream = model().stream(hello());
        assertThat(stream.next(), is(Optional.of(new ChatChunk.Text("Hi"))));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(stream.next());
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        awaitParked(reader);
        Thread.ofVirtual().start(stream::close);
        Object result = outcome.get(5, TimeUnit.SECONDS);
        assertThat(result, instanceOf(ChatException.class));
        assertThat(((ChatException) result).kind(), is(ChatException.Kind.CANCELLED));
        assertThat(fake.awaitClientDisconnect(WAIT), is(true));
        stream.close();
        assertThat(assertThrows(ChatException.class, stream::next).kind(), is(ChatException.Kind.CANCELLED));
    }

    @Test
    void unreachableUpstreamIsANetworkError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        settings = LlmSettings.of("fake", URI.create("http://127.0.0.1:" + port + "/v1"), Optional.empty(), "m");
        ChatException e = assertThrows(ChatException.class, () -> model().stream(hello()));
        assertThat(e.kind(), is(ChatException.Kind.NETWORK));
        assertThat(e.errorCode(), is("upstream_unreachable"));
    }

    @Test
    void upstreamThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket mute = new ServerSocket()) {
            mute.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            settings = LlmSettings.of("fake", URI.create("http://127.0.0.1:" + mute.getLocalPort() + "/v1"),
                                      Optional.empty(), "m")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5));
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return mute.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ChatException e = assertThrows(ChatException.class, () -> model().stream(hello()));
            assertThat(e.kind(), is(ChatException.Kind.TIMEOUT));
            accepted.get(5, TimeUnit.SECONDS).close();
        }
    }

    private ChatException failure(List<ChatChunk> seen) {
        ChatStream stream = model().stream(hello());
        try (stream) {
            return assertThrows(ChatException.class, () -> ChatTestSupport.collectUntilFailure(stream, seen));
        }
    }

    private OpenAiCompatibleChatModel model() {
        return OpenAiCompatibleChatModel.create(settings, client);
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Waits until {@code thread} is parked (blocked in next()), failing after a few seconds. */
    private static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new AssertionError("Reader did not block in next(); state " + thread.getState());
            }
            Thread.onSpinWait();
        }
    }
}
