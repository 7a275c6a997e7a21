package dev.realtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks presented keys against {@code ENGINE_API_KEY} in constant time. Thread-safe.
 */
public final class ApiKeyGuard {
    /** What an operator must do when no key is configured. */
    public static final String NOT_CONFIGURED = "ENGINE_API_KEY is not set: token minting and admin endpoints are "
            + "disabled. Set ENGINE_API_KEY in the engine's environment and restart.";

    private final Optional<byte[]> keyDigest;

    private ApiKeyGuard(Optional<String> key) {
        this.keyDigest = key.map(ApiKeyGuard::digest);
    }

    /**
     * A guard for the configured key.
     *
     * @param key {@code ENGINE_API_KEY}, empty when unset
     * @return guard
     */
    public static ApiKeyGuard create(Optional<String> key) {
        return new ApiKeyGuard(key);
    }

    /** Whether a key is configured. */
    public boolean configured() {
        return keyDigest.isPresent();
    }

    /**
     * Whether the presented value is the engine key. Compares digests with {@link MessageDigest#isEqual}, so
     * neither the content nor the length of the key leaks through timing.
     *
     * @param presented presented key
     * @return true when it matches
     */
    public boolean matches(String presented) {
        return keyDigest.isPresent() && MessageDigest.isEqual(keyDigest.get(), digest(presented));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
