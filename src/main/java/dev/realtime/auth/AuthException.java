package dev.realtime.auth;

/**
 * A credential that is missing or not acceptable. The message says why, without echoing the credential.
 */
public final class AuthException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message why the credential was refused
     */
    public AuthException(String message) {
        super(message);
    }
}
