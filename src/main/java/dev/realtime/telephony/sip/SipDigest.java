package dev.realtime.telephony.sip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.realtime.config.SipSettings;

/**
 * Optional digest authentication of INVITEs as a user agent server does it (RFC 3261 §22.4, RFC 2617 MD5 with
 * {@code qop=auth}): a 401 with {@code WWW-Authenticate}, then the answer checked. JAIN-SIP parses the headers; its
 * own server helper challenges as a proxy would (407, {@code Proxy-Authorization}), which a trunk's INVITE to a UAS
 * does not expect. Nonces carry their time and an HMAC under a key made at startup, so the engine keeps no state
 * and refuses a nonce it did not make or older than five minutes. On when {@code SIP_USERNAME} and
 * {@code SIP_PASSWORD} are set; any thread.
 */
final class SipDigest {
    static final String REALM = "realtime-engine";
    private static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

    private final HeaderFactory headers;
    private final String username;
    private final String password;
    private final Clock clock;
    private final SecretKeySpec key;

    SipDigest(HeaderFactory headers, String username, String password, Clock clock) {
        this.headers = headers;
        this.username = username;
        this.password = password;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The authenticator the settings ask for, empty when calls need none. */
    static Optional<SipDigest> of(SipSettings settings, HeaderFactory headers) {
        if (settings.username().isEmpty() || settings.password().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SipDigest(headers, settings.username().get(), settings.password().get(),
                                         Clock.systemUTC()));
    }

    /** Whether the request carries a valid answer of the configured user to a fresh nonce of ours. */
    boolean authorized(Request request) {
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null || !username.equals(auth.getUsername()) || !REALM.equals(auth.getRealm())
                || auth.getNonce() == null || auth.getURI() == null || auth.getResponse() == null
                || !fresh(auth.getNonce())) {
            return false;
        }
        String ha1 = md5(username + ":" + REALM + ":" + password);
        String ha2 = md5(request.getMethod() + ":" + auth.getURI());
        String qop = auth.getQop();
        String expected = qop == null ? md5(ha1 + ":" + auth.getNonce() + ":" + ha2)
                : md5(ha1 + ":" + auth.getNonce() + ":" + "%08x".formatted(auth.getNonceCount()) + ":"
                              + auth.getCNonce() + ":" + qop + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                                     auth.getResponse().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds the challenge (a fresh nonce) to a 401. */
    void challenge(Response response) throws ParseException {
        WWWAuthenticateHeader header = headers.createWWWAuthenticateHeader("Digest");
        header.setRealm(REALM);
        header.setNonce(nonce(clock.millis()));
        header.setAlgorithm("MD5");
        header.setQop("auth");
        response.setHeader(header);
    }

    String nonce(long millis) {
        String time = Long.toString(millis);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + hmac(time))
                .getBytes(StandardCharsets.US_ASCII));
    }

    private boolean fresh(String nonce) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 1 || !decoded.substring(0, colon).matches("\\d{1,19}")) {
            return false;
        }
        String time = decoded.substring(0, colon);
        long age = clock.millis() - Long.parseLong(time);
        return age >= 0 && age <= NONCE_LIFETIME.toMillis()
                && MessageDigest.isEqual(hmac(time).getBytes(StandardCharsets.US_ASCII),
                                         decoded.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
