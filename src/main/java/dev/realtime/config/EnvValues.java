package dev.realtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reads of flat settings named like environment variables, collecting every problem (and warning) instead
 * of stopping at the first; a bad value reads as its default so the rest can still be checked. Not thread-safe;
 * one per binding.
 */
final class EnvValues {
    /** Longest value of a setting; the instructions may be longer, and may span lines. */
    static final int MAX_TEXT = 4096;
    static final int MAX_LONG_TEXT = 256 * 1024;
    private static final Set<String> LONG_TEXT = Set.of("DEFAULT_INSTRUCTIONS");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}");

    private final Map<String, String> values;
    private final List<ConfigException.Problem> problems = new ArrayList<>();
    private final List<ConfigException.Problem> warnings = new ArrayList<>();

    EnvValues(Map<String, String> values) {
        this.values = values;
    }

    /** Whether the variable is set at all, even to an empty value. */
    boolean isSet(String name) {
        return values.containsKey(name);
    }

    Optional<String> text(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        int limit = LONG_TEXT.contains(name) ? MAX_LONG_TEXT : MAX_TEXT;
        if (trimmed.length() > limit) {
            problem(name, "is " + trimmed.length() + " characters long; at most " + limit);
            return Optional.empty();
        }
        if (!LONG_TEXT.contains(name) && trimmed.chars().anyMatch(Character::isISOControl)) {
            problem(name, "must be one line without control characters");
            return Optional.empty();
        }
        if (isName(name) && !NAME.matcher(trimmed).matches()) {
            problem(name, "'" + trimmed + "' is not a name such as gpt-4o-mini, aura-2-thalia-en or en-US (letters, "
                    + "digits and . _ : / @ + -, at most 128)");
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    /** Settings whose value names a model, a voice or a language, which providers take as an identifier. */
    private static boolean isName(String name) {
        return name.endsWith("_MODEL") || name.endsWith("_VOICE") || name.endsWith("_LANGUAGE");
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

    Duration millis(String name, int defaultMillis, int min, int max) {
        return Duration.ofMillis(integer(name, defaultMillis, min, max));
    }

    URI uri(String name, String defaultValue, List<String> schemes) {
        String value = text(name).orElse(defaultValue);
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!schemes.contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                problem(name, "'" + value + "' must be a " + String.join(", ", schemes) + " URL with a host");
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
            String origin = entry.strip().toLowerCase(Locale.ROOT);
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
            } catch (URISyntaxException e) {
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
