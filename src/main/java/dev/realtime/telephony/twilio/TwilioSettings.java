package dev.realtime.telephony.twilio;

import java.time.Duration;

import dev.realtime.config.EngineConfig;
import dev.realtime.config.TwilioConfig;

/**
 * What Twilio's endpoints need of the engine's configuration, read when a request arrives.
 *
 * @param twilio         served or not, and the auth token that verifies requests
 * @param edge           how clients see the engine (PUBLIC_WS_URL, TRUST_PROXY_HEADERS): the URL Twilio signed
 * @param writeTimeout   longest one send on the stream may block (WS_WRITE_TIMEOUT_MS)
 * @param outboxCapacity messages that may wait to go out on the stream (OUTBOX_CAPACITY)
 */
record TwilioSettings(TwilioConfig twilio, EngineConfig.Edge edge, Duration writeTimeout, int outboxCapacity) {
    /** Twilio's messages are a few hundred bytes; 64 KiB leaves room and bounds what one may cost. */
    int maxMessageBytes() {
        return 64 * 1024;
    }
}
