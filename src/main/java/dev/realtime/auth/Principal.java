package dev.realtime.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Who opened a session.
 *
 * @param appId     application id ({@code sub} of the token; {@code engine} for the engine API key)
 * @param tokenId   {@code jti} of the token, empty for the engine API key
 * @param expiresAt when the token expires, empty for the engine API key
 * @param defaults  session defaults carried by the token
 */
public record Principal(String appId, Optional<String> tokenId, Optional<Instant> expiresAt,
                        Optional<SessionDefaults> defaults) {
}
