package dev.realtime.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.testing.Metrics;
import dev.realtime.testing.TestEngine;

/**
 * One scrape of {@code realtime_provider_errors_total} from the engine's Prometheus text at {@code /metrics}: the
 * value of every series, by its labels, so that sums over kinds (a fault whose kind is not decided) and over all
 * series (nothing else counted) can be compared. Immutable.
 */
record ProviderErrors(List<Series> series) {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^realtime_provider_errors_total\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One series: its labels and value. */
    record Series(Map<String, String> labels, double value) {
        boolean is(String provider, String operation) {
            return provider.equals(labels.get("provider")) && operation.equals(labels.get("operation"));
        }
    }

    /** Scrapes the engine once. */
    static ProviderErrors scrape(TestEngine engine) throws IOException, InterruptedException {
        Matcher m = SAMPLE.matcher(Metrics.scrape(engine));
        List<Series> all = new ArrayList<>();
        while (m.find()) {
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            all.add(new Series(Map.copyOf(labels), Double.parseDouble(m.group(2))));
        }
        return new ProviderErrors(List.copyOf(all));
    }

    /** The sum over kinds for a provider and operation. */
    double total(String provider, String operation) {
        return series.stream().filter(s -> s.is(provider, operation)).mapToDouble(Series::value).sum();
    }

    /** The sum over every series. */
    double sum() {
        return series.stream().mapToDouble(Series::value).sum();
    }

    /** The series of one provider, operation and kind; 0 when absent. */
    double of(String provider, String operation, String kind) {
        return series.stream().filter(s -> s.is(provider, operation) && kind.equals(s.labels().get("kind")))
                .mapToDouble(Series::value).sum();
    }
}
