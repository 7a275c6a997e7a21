package dev.realtime.auth;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.protocol.Dialect;

/**
 * Session settings a token carries; applied to the session before the client's first event.
 *
 * @param dialect dialect the settings are spelled in
 * @param session session configuration patch, already validated at minting
 * @param preset  a named engine preset (providers, voices, limits) the session runs with
 */
public record SessionDefaults(Dialect dialect, JsonNode session, Optional<String> preset) {
    /** Session settings without a preset. */
    public SessionDefaults(Dialect dialect, JsonNode session) {
        this(dialect, session, Optional.empty());
    }
}
