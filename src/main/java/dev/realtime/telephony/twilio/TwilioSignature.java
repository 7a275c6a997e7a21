package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): HMAC-SHA1 with the account's auth token over the full URL
 * Twilio requested followed by each POST parameter's name and value, sorted by name (then by value), in Base64. A
 * WebSocket upgrade is signed over its {@code wss://} URL alone. Any thread.
 */
final class TwilioSignature {
    private static final System.Logger LOGGER = System.getLogger(TwilioSignature.class.getName());
    /** The header Twilio puts it in. */
    static final String HEADER = "X-Twilio-Signature";

    private TwilioSignature() {
    }

    /**
     * The signature Twilio makes for a request.
     *
     * @param authToken the account's auth token
     * @param url       the URL Twilio requested, query included
     * @param params    the form parameters of a POST (none for a GET or an upgrade)
     * @return Base64 of the HMAC-SHA1
     */
    static String sign(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(null);
            sorted.forEach(value -> data.append(name).append(value));
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * Whether a request's signature is the one Twilio would have made; compared in constant time.
     *
     * @param authToken the account's auth token
     * @param url       the URL as Twilio requested it
     * @param params    the form parameters (empty for an upgrade)
     * @param signature the request's {@code X-Twilio-Signature}, if any
     * @return whether it matches
     */
    static boolean valid(String authToken, String url, Map<String, List<String>> params, Optional<String> signature) {
        byte[] expected = sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII);
        return signature.map(s -> MessageDigest.isEqual(s.strip().getBytes(StandardCharsets.US_ASCII), expected))
                .orElse(false);
    }

    /**
     * Checks a stream upgrade: Twilio signs its {@code wss://} URL, query included, without parameters.
     *
     * @param authToken the account's auth token
     * @param base      the engine's WebSocket URL as Twilio sees it, without a path ({@code wss://host})
     * @param prologue  the upgrade request's path and query
     * @param headers   its headers
     * @throws RequestException 403 when the signature is missing or does not match
     */
    static void checkUpgrade(String authToken, String base, HttpPrologue prologue, Headers headers) {
        String url = base + prologue.uriPath().rawPath()
                + (prologue.query().isEmpty() ? "" : "?" + prologue.query().rawValue());
        if (!valid(authToken, url, Map.of(), headers.first(HeaderNames.create(HEADER)))) {
            LOGGER.log(Level.WARNING, "refused a Twilio media stream: no valid " + HEADER + " for " + url);
            throw RequestException.builder().type(DirectHandler.EventType.OTHER).status(Status.FORBIDDEN_403)
                    .message("invalid Twilio signature").safeMessage(true).build();
        }
    }
}
