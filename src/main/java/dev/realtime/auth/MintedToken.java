package dev.realtime.auth;

import java.time.Instant;

/**
 * A freshly minted ephemeral token.
 *
 * @param value     {@code ek_} + JWT
 * @param expiresAt when it stops being accepted
 * @param id        its {@code jti}
 */
public record MintedToken(String value, Instant expiresAt, String id) {
}
