package dev.realtime.config;

import java.util.List;

/**
 * Configuration that cannot be used: every problem, each naming the setting (variable or path) and what is wrong.
 */
public final class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    /**
     * @param message what is wrong and how to fix it
     */
    public ConfigException(String message) {
        this(List.of(new Problem("", message)));
    }

    /**
     * @param problems every problem found
     */
    public ConfigException(List<Problem> problems) {
        super(String.join("; ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One thing wrong with the configuration.
     *
     * @param setting the environment variable or config path concerned, empty when general
     * @param message what is wrong
     */
    public record Problem(String setting, String message) {
        @Override
        public String toString() {
            return setting.isEmpty() ? message : setting + ": " + message;
        }
    }
}
