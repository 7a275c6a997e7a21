package dev.realtime.llm;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.realtime.upstream.ErrorBody;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-03T14:05:00Z");
    private static final ErrorBody PLAIN = ErrorBody.parse("");
    private static final LlmSettings SETTINGS = LlmSettings.of("test", URI.create("http://127.0.0.1:1/v1"),
                                                               Optional.empty(), "m");

    @Test
    void honoursRetryAfterSecondsMillisAndDate() {
        assertThat(delay(429, headers("retry-after", "1"), 0, Duration.ZERO), is(Optional.of(Duration.ofSeconds(1))));
        assertThat(delay(429, headers("retry-after-ms", "150", "retry-after", "1"), 0, Duration.ZERO),
                   is(Optional.of(Duration.ofMillis(150))));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(1).atOffset(ZoneOffset.UTC));
        assertThat(delay(503, headers("retry-after", date), 0, Duration.ZERO), is(Optional.of(Duration.ofSeconds(1))));
    }

    @Test
    void givesUpWhenTheServerAsksForMoreThanTheBudgetLeft() {
        assertThat(delay(429, headers("retry-after", "30"), 0, Duration.ZERO), is(Optional.empty()));
        assertThat(delay(429, headers("retry-after", "1"), 1, Duration.ofMillis(1500)), is(Optional.empty()));
    }

    @Test
    void backsOffWithJitterWithinTheBudget() {
        Duration first = delay(500, headers(), 0, Duration.ZERO).orElseThrow();
        assertThat(first.toMillis(), greaterThanOrEqualTo(187L));
        assertThat(first.toMillis(), lessThanOrEqualTo(250L));
        Duration capped = delay(502, headers(), 1, Duration.ofMillis(1900)).orElseThrow();
        assertThat(capped, is(Duration.ofMillis(100)));
        assertThat(delay(502, headers(), 1, Duration.ofSeconds(2)), is(Optional.empty()));
    }

    @Test
    void retriesOnlyRetryableStatusesAndAtMostMaxRetries() {
        for (int status : List.of(408, 409, 429, 500, 502, 503, 504)) {
            assertThat("status " + status, delay(status, headers(), 0, Duration.ZERO).isPresent(), is(true));
        }
        for (int status : List.of(400, 401, 402, 403, 404, 413, 422, 501)) {
            assertThat("status " + status, delay(status, headers(), 0, Duration.ZERO).isPresent(), is(false));
        }
        assertThat(delay(503, headers(), 2, Duration.ZERO), is(Optional.empty()));
    }

    @Test
    void followsShouldRetryHeaderAndNeverRetriesExhaustedQuota() {
        assertThat(delay(503, headers("x-should-retry", "false"), 0, Duration.ZERO), is(Optional.empty()));
        assertThat(delay(400, headers("x-should-retry", "true"), 0, Duration.ZERO).isPresent(), is(true));
        ErrorBody quota = ErrorBody.parse(FakeChunks.openAiError("quota", "insufficient_quota",
                                                                         "insufficient_quota"));
        assertThat(RetryPolicy.delay(429, headers(), quota, 0, SETTINGS, Duration.ZERO, NOW), is(Optional.empty()));
    }

    private static Optional<Duration> delay(int status, HttpHeaders headers, int retries, Duration waited) {
        return RetryPolicy.delay(status, headers, PLAIN, retries, SETTINGS, waited, NOW);
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
