package dev.realtime.auth;

/** The single-use token ledger could not tell whether a token was used before: its store failed. */
public final class TokenLedgerException extends RuntimeException {
    /**
     * An exception.
     *
     * @param message what failed
     * @param cause   the store's failure
     */
    public TokenLedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
