package dev.realtime.protocol;

/**
 * The two namings of the Realtime protocol. Chosen once at the WebSocket upgrade and fixed for the connection.
 */
public enum Dialect {
    /** The GA naming (2025-08 onward), the default. */
    GA,
    /**
     * The beta naming, selected by {@code OpenAI-Beta: realtime=v1} or the subprotocol
     * {@code openai-beta.realtime-v1}.
     */
    BETA
}
