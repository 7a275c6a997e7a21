package dev.realtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of flat settings named like environment variables, collecting every problem (and warning) instead
 * of stopping at the first; a bad value reads as its default so the rest can still be checked. Not thread-safe;
 * one per binding.
 */
final class EnvValues {
    private final Map<String, String> values;
    private final List<ConfigException.Problem> problems = new ArrayList<>();
    private final List<ConfigException.Problem> warnings = new ArrayList<>();

    EnvValues(Map<String, String> values) {
        this.values = values;
    }

    Optional<String> text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(value.get());
            if (v < min || v > max) {
                problem(name, v + " is outside " + min + ".." + max);
                return defaultValue;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(name, "'" + value.get() + "' is not a whole number");
            return defaultValue;
        }
    }

    double decimal(String name, double defaultValue, double min, double max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(value.get());
            if (v < min || v > max) {
                problem(name, v + " is outside " + min + ".." + max);
                return defaultValue;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(name, "'" + value.get() + "' is not a number");
            return defaultValue;
        }
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> value = text(name).map(String::toLowerCase);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (!value.get().equals("true") && !value.get().equals("false")) {
            problem(name, "'" + value.get() + "' is not true or false");
            return defaultValue;
        }
        return Boolean.parseBoolean(value.get());
    }

    Duration millis(String name, int defaultMillis) {
        return Duration.ofMillis(integer(name, defaultMillis, 1, Integer.MAX_VALUE));
    }

    URI uri(String name, String defaultValue, List<String> schemes) {
        String value = text(name).orElse(defaultValue);
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!schemes.contains(String.valueOf(uri.getScheme()))) {
                problem(name, "'" + value + "' must be a " + String.join(", ", schemes) + " URL");
                return URI.create(defaultValue);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problem(name, "'" + value + "' is not a URL: " + e.getMessage());
            return URI.create(defaultValue);
        }
    }

    /**
     * A comma-separated list of web origins ({@code scheme://host[:port]}, no path), lower-cased; empty when unset.
     */
    List<String> origins(String name) {
        List<String> origins = new ArrayList<>();
        for (String entry : text(name).orElse("").split(",")) {
            String origin = entry.strip().toLowerCase(java.util.Locale.ROOT);
            if (origin.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(origin);
                boolean plain = uri.getScheme() != null && uri.getHost() != null && uri.getRawPath().isEmpty()
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (!plain || !List.of("http", "https").contains(uri.getScheme())) {
                    problem(name, "'" + entry.strip() + "' is not an origin such as https://app.example.com "
                            + "(scheme, host and optional port, no path)");
                    continue;
                }
                origins.add(origin);
            } catch (java.net.URISyntaxException e) {
                problem(name, "'" + entry.strip() + "' is not an origin: " + e.getReason());
            }
        }
        return List.copyOf(origins);
    }

    String oneOf(String name, String defaultValue, List<String> allowed) {
        String value = text(name).map(String::toLowerCase).orElse(defaultValue);
        if (!allowed.contains(value)) {
            problem(name, "'" + value + "' is not one of " + String.join(", ", allowed));
            return defaultValue;
        }
        return value;
    }

    /** A provider in use has no key: every call to it would be refused, so the configuration is not usable. */
    void missingKey(String name, String neededBy) {
        problem(name, "is not set, and " + neededBy + " needs it: set " + name);
    }

    void problem(String name, String message) {
        problems.add(new ConfigException.Problem(name, message));
    }

    void warning(String name, String message) {
        warnings.add(new ConfigException.Problem(name, message));
    }

    List<ConfigException.Problem> problems() {
        return problems;
    }

    List<ConfigException.Problem> warnings() {
        return warnings;
    }
}
