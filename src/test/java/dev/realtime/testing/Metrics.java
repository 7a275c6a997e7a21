package dev.realtime.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads samples from an engine's Prometheus scrape at {@code /metrics}. */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Metrics() {
    }

    /** @return the scrape's text */
    public static String scrape(RunningEngine engine) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/metrics")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /**
     * @return the value of {@code realtime_provider_errors_total} whose labels are exactly these three (besides
     *         Helidon's {@code scope}), 0 when absent
     */
    public static double providerErrors(String scrape, String provider, String operation, String kind) {
        Set<String> wanted = Set.of("provider=\"" + provider + "\"", "operation=\"" + operation + "\"",
                                    "kind=\"" + kind + "\"");
        Matcher m = Pattern.compile("(?m)^realtime_provider_errors_total\\{([^}]*)} ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            Set<String> labels = Arrays.stream(m.group(1).split(","))
                    .filter(l -> !l.isBlank() && !l.startsWith("scope=")).collect(Collectors.toSet());
            if (labels.equals(wanted)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /** @return the provider-error count after minus before */
    public static double providerErrorsAdded(String before, String after, String provider, String operation,
                                             String kind) {
        return providerErrors(after, provider, operation, kind) - providerErrors(before, provider, operation, kind);
    }

}
