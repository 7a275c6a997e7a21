package dev.realtime.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.realtime.upstream.ErrorBody;

/**
 * Decides whether a failed request is retried and after how long (policy of {@code openai-node}, with a total
 * wait budget suited to a voice turn). Pure apart from jitter; thread-safe.
 */
final class RetryPolicy {

    private static final Set<Integer> RETRYABLE = Set.of(408, 409, 429, 500, 502, 503, 504);
    private static final Duration BASE_BACKOFF = Duration.ofMillis(250);

    private RetryPolicy() {
    }

    /**
     * @param status      HTTP status of the failed attempt
     * @param headers     its headers
     * @param error       its parsed body
     * @param retriesDone retries already made
     * @param settings    retry limits
     * @param waited      total time already spent waiting for earlier retries
     * @param now         current time, to read an HTTP-date {@code retry-after}
     * @return how long to wait before retrying, or empty to give up
     */
    static Optional<Duration> delay(int status, HttpHeaders headers, ErrorBody error, int retriesDone,
                                    LlmSettings settings, Duration waited, Instant now) {
        if (retriesDone >= settings.maxRetries() || !retryable(status, headers, error)) {
            return Optional.empty();
        }
        Duration remaining = settings.maxRetryWait().minus(waited);
        Optional<Duration> asked = serverDelay(headers, now);
        if (asked.isPresent()) {
            return asked.get().compareTo(remaining) <= 0 ? asked : Optional.empty();
        }
        if (remaining.isZero() || remaining.isNegative()) {
            return Optional.empty();
        }
        long backoff = BASE_BACKOFF.toMillis() << Math.min(retriesDone, 10);
        long jittered = (long) (backoff * (1 - 0.25 * ThreadLocalRandom.current().nextDouble()));
        Duration wait = Duration.ofMillis(jittered);
        return Optional.of(wait.compareTo(remaining) <= 0 ? wait : remaining);
    }

    static boolean retryable(int status, HttpHeaders headers, ErrorBody error) {
        Optional<String> should = headers.firstValue("x-should-retry");
        if (should.filter("true"::equalsIgnoreCase).isPresent()) {
            return true;
        }
        if (should.filter("false"::equalsIgnoreCase).isPresent()) {
            return false;
        }
        return RETRYABLE.contains(status) && !(status == 429 && error.quotaExhausted());
    }

    /**
     * @param headers response headers
     * @param now     current time
     * @return the wait the server asked for through {@code retry-after-ms} or {@code retry-after}
     *         (seconds or HTTP date), when present and readable
     */
    static Optional<Duration> serverDelay(HttpHeaders headers, Instant now) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(v -> number(v, 1));
        if (millis.isPresent()) {
            return millis;
        }
        return headers.firstValue("retry-after").flatMap(v -> number(v, 1000).or(() -> date(v, now)));
    }

    private static Optional<Duration> number(String value, int millisPerUnit) {
        try {
            double amount = Double.parseDouble(value.strip());
            if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(amount * millisPerUnit)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String value, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
