package dev.realtime.telephony.twilio;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Twilio's request signature against vectors made with openssl (not with the code under test), for the example in
 * Twilio's documentation of its security: token {@code 12345}, the URL with its query, then the POST parameters
 * sorted by name.
 */
class TwilioSignatureTest {
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"), "Digits", List.of("1234"),
            "From", List.of("+12349013030"), "To", List.of("+18005551212"));
    /**
     * {@code printf '%s' 'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030
     * Digits1234From+12349013030To+18005551212' | openssl dgst -sha1 -hmac 12345 -binary | base64} (one line).
     */
    private static final String EXPECTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    @Test
    void signsTheUrlAndTheSortedParameters() {
        assertThat(TwilioSignature.sign("12345", URL, PARAMS), is(EXPECTED));
    }

    @Test
    void anUpgradeIsSignedOverItsUrlAlone() {
        assertThat(TwilioSignature.sign("12345", "wss://engine.example.com/telephony/twilio/media", Map.of()),
                   is(TwilioCaller.STREAM_SIGNATURE));
    }

    @Test
    void checksEveryPart() {
        assertThat(TwilioSignature.valid("12345", URL, PARAMS, Optional.of(EXPECTED)), is(true));
        assertThat("another token", TwilioSignature.valid("54321", URL, PARAMS, Optional.of(EXPECTED)), is(false));
        assertThat("another URL", TwilioSignature.valid("12345", URL.replace("bar=2", "bar=3"), PARAMS,
                                                        Optional.of(EXPECTED)), is(false));
        assertThat("a parameter changed", TwilioSignature.valid("12345", URL, Map.of("CallSid", List.of("CA1")),
                                                                Optional.of(EXPECTED)), is(false));
        assertThat("no signature", TwilioSignature.valid("12345", URL, PARAMS, Optional.empty()), is(false));
        assertThat("a cut signature", TwilioSignature.valid("12345", URL, PARAMS,
                                                            Optional.of(EXPECTED.substring(1))), is(false));
    }
}
