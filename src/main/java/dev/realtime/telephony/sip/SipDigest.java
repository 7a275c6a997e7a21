package dev.realtime.telephony.sip;

import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.clientauthutils.DigestServerAuthenticationHelper;

import dev.realtime.config.SipSettings;

/**
 * Optional digest authentication of INVITEs (RFC 3261 §22, MD5), with the stack's own helper for the challenge and
 * the check: on when {@code SIP_USERNAME} and {@code SIP_PASSWORD} are set. Any thread.
 */
final class SipDigest {
    static final String REALM = "realtime-engine";

    private final HeaderFactory headers;
    private final String username;
    private final String password;
    private final DigestServerAuthenticationHelper helper;

    private SipDigest(HeaderFactory headers, String username, String password) throws NoSuchAlgorithmException {
        this.headers = headers;
        this.username = username;
        this.password = password;
        this.helper = new DigestServerAuthenticationHelper();
    }

    /** The authenticator the settings ask for, empty when calls need none. */
    static Optional<SipDigest> of(SipSettings settings, HeaderFactory headers) throws NoSuchAlgorithmException {
        if (settings.username().isEmpty() || settings.password().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SipDigest(headers, settings.username().get(), settings.password().get()));
    }

    /** Whether the request carries valid credentials of the configured user. */
    boolean authorized(Request request) {
        AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        return authorization != null && username.equals(authorization.getUsername())
                && REALM.equals(authorization.getRealm())
                && helper.doAuthenticatePlainTextPassword(request, password);
    }

    /** Adds the challenge (a fresh nonce) to a 401. */
    void challenge(Response response) {
        helper.generateChallenge(headers, response, REALM);
    }
}
