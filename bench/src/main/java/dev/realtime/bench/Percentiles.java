package dev.realtime.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of nanosecond samples, printed in milliseconds. */
final class Percentiles {
    private Percentiles() {
    }

    static void print(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.printf("%-36s n=0%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-36s n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.size(),
                          at(sorted, 50), at(sorted, 95), at(sorted, 99), sorted.getLast() / 1e6);
    }

    static double at(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }
}
