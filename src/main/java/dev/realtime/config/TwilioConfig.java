package dev.realtime.config;

import java.util.Optional;

/**
 * Twilio Media Streams: whether {@code /telephony/twilio/voice} and {@code /telephony/twilio/media} are served, and
 * how their requests are verified.
 *
 * @param authToken the account's auth token ({@code TWILIO_AUTH_TOKEN}): every webhook and stream upgrade must carry
 *                  Twilio's signature made with it
 * @param enabled   {@code TWILIO_ENABLED=true} serves the endpoints without a token, unverified (tests, trusted
 *                  networks)
 */
public record TwilioConfig(Optional<String> authToken, boolean enabled) {
    /** Whether the endpoints are served: with a token, or turned on explicitly. */
    public boolean served() {
        return authToken.isPresent() || enabled;
    }

    /** Whether requests are served without checking their signature (no token, but turned on). */
    public boolean unverified() {
        return authToken.isEmpty() && enabled;
    }

    static TwilioConfig load(EnvValues v) {
        return new TwilioConfig(v.text("TWILIO_AUTH_TOKEN"), v.bool("TWILIO_ENABLED", false));
    }
}
