package dev.realtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine's configuration snapshot. Immutable: a session keeps the snapshot it started with.
 *
 * @param host                bind address
 * @param port                HTTP and WebSocket port
 * @param dataDir             folder for the JWT secret and runtime data
 * @param engineApiKey        key for minting and admin endpoints, and for server-to-server bearer auth
 * @param jwtSecret           HS256 secret from the environment; when empty it is kept under {@code dataDir}
 * @param llm                 language model
 * @param stt                 speech-to-text and voice activity
 * @param tts                 text-to-speech
 * @param session             session defaults and limits
 * @param tokens              lifetimes and reuse of minted {@code ek_} tokens
 * @param edge                how the engine faces browsers and reverse proxies
 * @param idleConnectionTimeout connections with no incoming frame for this long are closed (server pings keep
 *                            listening clients above it)
 * @param maxSessions         concurrent sessions; a new upgrade beyond is refused with 503
 * @param process             settings of the process (config polling, shutdown drain, presets file, log format)
 * @param phone               what phone calls share (routes to presets, the goodbye line)
 * @param twilio              Twilio Media Streams: served or not, the auth token that verifies its requests
 * @param sip                 the SIP user agent's settings; empty (SIP off) unless {@code SIP_PORT} is set
 * @param redis               the Redis server replicas share ({@code REDIS_URL}); empty for a single replica
 * @param fleet               limits across replicas (fleet-wide and per app) and this replica's name
 */
public record EngineConfig(String host,
                           int port,
                           Path dataDir,
                           Optional<String> engineApiKey,
                           Optional<String> jwtSecret,
                           LlmConfig llm,
                           SttConfig stt,
                           TtsConfig tts,
                           SessionSettings session,
                           TokenSettings tokens,
                           Edge edge,
                           Duration idleConnectionTimeout,
                           int maxSessions,
                           Process process,
                           PhoneConfig phone,
                           TwilioConfig twilio,
                           Optional<SipSettings> sip,
                           RedisConfig redis,
                           FleetSettings fleet) {

    /**
     * Minted {@code ek_} tokens.
     *
     * @param ttl       default lifetime of a minted token
     * @param maxTtl    longest lifetime a mint request may ask for (a longer one is refused)
     * @param singleUse whether a token opens one session only (its id is remembered until it expires)
     */
    public record TokenSettings(Duration ttl, Duration maxTtl, boolean singleUse) {
    }

    /**
     * How the engine faces browsers and reverse proxies.
     *
     * @param publicWsUrl       WebSocket URL handed out by token endpoints; empty to derive it from the request
     * @param allowedOrigins    origins ({@code scheme://host[:port]}, lower case) whose pages may open sessions and
     *                          mint tokens; empty allows any origin
     * @param trustProxyHeaders whether {@code Forwarded} and {@code X-Forwarded-*} describe the client's view of the
     *                          engine (only behind a proxy that sets them)
     * @param playground        whether {@code GET /playground} serves the browser page ({@code PLAYGROUND}; on by
     *                          default when the engine listens on loopback only)
     */
    public record Edge(Optional<String> publicWsUrl, List<String> allowedOrigins, boolean trustProxyHeaders,
                       boolean playground) {
    }

    /**
     * Settings of the process itself, fixed at startup.
     *
     * @param configPollInterval how often the runtime file is checked for edits made elsewhere
     * @param drainTimeout       on SIGTERM, how long open sessions may finish before they are closed
     * @param presetsFile        the shipped presets
     * @param logFormat          {@code text} or {@code json}
     */
    public record Process(Duration configPollInterval, Duration drainTimeout, Path presetsFile, String logFormat) {
    }
}
