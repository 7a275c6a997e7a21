package dev.realtime.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What phone calls share, whichever way they arrive (Twilio Media Streams, SIP).
 *
 * @param routes  the called number (or SIP user part) → the preset its calls run with ({@code PHONE_ROUTES},
 *                {@code +15551230001=support,100=sales}); a number not listed gets the engine's configuration
 * @param goodbye what the assistant is asked to say before a call reaches MAX_CALL_DURATION_MS
 *                ({@code PHONE_GOODBYE})
 * @param apology what the caller hears, word for word and without the language model, when a turn's answer fails
 *                upstream ({@code PHONE_APOLOGY}); empty when set empty: the caller then hears silence
 */
public record PhoneConfig(Map<String, String> routes, String goodbye, String apology) {
    /** Said when PHONE_GOODBYE is not set. */
    public static final String DEFAULT_GOODBYE = "We have reached the time limit for this call. Thank you, goodbye.";
    /** Said when PHONE_APOLOGY is not set. */
    public static final String DEFAULT_APOLOGY = "Sorry, something went wrong on my side. Could you say that again?";

    /** Copies the routes. */
    public PhoneConfig {
        routes = Map.copyOf(routes);
    }

    /**
     * The preset for a call to {@code called}: its route, matched on the number with any {@code sip:}/{@code tel:}
     * scheme, host part and spaces removed.
     *
     * @param called the number or SIP URI called
     * @return the preset, empty for the engine's own configuration
     */
    public Optional<String> presetFor(String called) {
        return Optional.ofNullable(routes.get(number(called)));
    }

    /** The bare number or user part of a called address. */
    static String number(String called) {
        String n = called.strip().replaceFirst("^(?i)(sips?|tel):", "");
        int at = n.indexOf('@');
        return (at >= 0 ? n.substring(0, at) : n).replace(" ", "");
    }

    static PhoneConfig load(EnvValues v) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String entry : v.text("PHONE_ROUTES").orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String number = eq > 0 ? number(entry.substring(0, eq)) : "";
            String preset = eq > 0 ? entry.substring(eq + 1).strip() : "";
            if (number.isEmpty() || preset.isEmpty()) {
                v.problem("PHONE_ROUTES", "'" + entry.strip() + "' is not NUMBER=PRESET");
            } else if (routes.putIfAbsent(number, preset) != null) {
                v.problem("PHONE_ROUTES", "number " + number + " is routed twice");
            }
        }
        // set but empty turns the apology off; not set at all gets the default
        String apology = v.text("PHONE_APOLOGY").orElse(v.isSet("PHONE_APOLOGY") ? "" : DEFAULT_APOLOGY);
        return new PhoneConfig(routes, v.text("PHONE_GOODBYE").orElse(DEFAULT_GOODBYE), apology);
    }
}
