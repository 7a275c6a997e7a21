package dev.realtime.config;

import java.util.Optional;

/**
 * The SIP user agent's settings (on only when {@code SIP_PORT} is set). Fixed at startup.
 *
 * @param host          address the SIP listener and the calls' RTP sockets bind ({@code SIP_HOST}, default
 *                      {@code HOST}); also the address the SDP answer names
 * @param port          SIP port, UDP and TCP ({@code SIP_PORT})
 * @param rtpFirstPort  lowest RTP port ({@code SIP_RTP_PORTS}, {@code first-last})
 * @param rtpLastPort   highest RTP port
 * @param allowedCidrs  source addresses allowed to call, comma-separated CIDR blocks ({@code SIP_ALLOWED_CIDRS};
 *                      loopback only by default); anything else is answered 403
 * @param username      digest user name callers must authenticate with ({@code SIP_USERNAME}), when set
 * @param password      its password ({@code SIP_PASSWORD}); set with the user name or not at all
 */
public record SipSettings(String host, int port, int rtpFirstPort, int rtpLastPort, String allowedCidrs,
                          Optional<String> username, Optional<String> password) {
    @Override
    public String toString() {
        return "SipSettings[" + host + ":" + port + ", rtp " + rtpFirstPort + "-" + rtpLastPort + ", allowed "
                + allowedCidrs + ", digest " + username.isPresent() + "]";
    }
}
