package dev.realtime.config;

/**
 * Configuration that cannot be used: names the variable and what is wrong with it.
 */
public final class ConfigException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public ConfigException(String message) {
        super(message);
    }
}
