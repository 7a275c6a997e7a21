package dev.realtime.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may use the engine: the {@code Origin} a browser sends on a WebSocket upgrade and on a
 * cross-origin fetch, checked against {@code ALLOWED_ORIGINS}. No {@code Origin} header means no browser, and is
 * allowed (the credential still decides); an empty list allows any origin. Origins compare by scheme, host and port,
 * with the scheme's default port dropped. Immutable and thread-safe.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    /**
     * A policy.
     *
     * @param allowedOrigins {@code scheme://host[:port]} entries; empty allows any origin
     * @return policy
     */
    public static OriginPolicy create(List<String> allowedOrigins) {
        return new OriginPolicy(allowedOrigins.stream().map(OriginPolicy::normalize)
                                        .collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether any origin may use the engine ({@code ALLOWED_ORIGINS} unset). */
    public boolean anyOrigin() {
        return allowed.isEmpty();
    }

    /**
     * Whether a request carrying this {@code Origin} header is allowed.
     *
     * @param origin the header's value, empty when the request has none
     * @return true when there is no origin, any origin is allowed, or this one is listed
     */
    public boolean allows(Optional<String> origin) {
        return origin.isEmpty() || allowed.isEmpty() || allowed.contains(normalize(origin.get()));
    }

    /**
     * Why a request carrying this {@code Origin} is refused, or empty when it is allowed.
     *
     * @param origin the header's value, empty when the request has none
     * @return the refusal, in words for the operator and the page's developer
     */
    public Optional<String> refusal(Optional<String> origin) {
        if (allows(origin)) {
            return Optional.empty();
        }
        return Optional.of("origin " + printable(origin.get()) + " is not allowed: add it to ALLOWED_ORIGINS to let "
                                   + "its pages use the engine");
    }

    /**
     * The startup warning for an engine any web page may use: {@code ALLOWED_ORIGINS} unset while the engine listens
     * beyond the loopback interface. Pure: a host name other than {@code localhost} counts as beyond loopback
     * (nothing is resolved).
     *
     * @param host           the bind address ({@code HOST})
     * @param allowedOrigins {@code ALLOWED_ORIGINS}
     * @return the warning, or empty when there is nothing to warn about
     */
    public static Optional<String> exposureWarning(String host, List<String> allowedOrigins) {
        if (!allowedOrigins.isEmpty() || loopback(host)) {
            return Optional.empty();
        }
        return Optional.of("ALLOWED_ORIGINS is not set and the engine listens on " + host + ": a web page on any site "
                                   + "can open sessions with a token or the API key it holds. Set ALLOWED_ORIGINS to "
                                   + "the origins of your pages (for example https://app.example.com).");
    }

    private static boolean loopback(String host) {
        String bare = host.strip();
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(bare).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false; // a host name: it may resolve to anything
        }
    }

    /** {@code scheme://host[:port]} in lower case, without the scheme's default port. */
    private static String normalize(String origin) {
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        try {
            URI uri = new URI(lower);
            int port = uri.getPort();
            boolean defaultPort = port == 80 && "http".equals(uri.getScheme())
                    || port == 443 && "https".equals(uri.getScheme());
            if (uri.getScheme() == null || uri.getHost() == null || port == -1 || !defaultPort) {
                return lower;
            }
            return uri.getScheme() + "://" + uri.getHost();
        } catch (URISyntaxException e) {
            return lower; // compared as it is; "null" (an opaque origin) lands here and matches nothing listed
        }
    }

    /** The origin for a log line or a message: control characters replaced, length bounded. */
    private static String printable(String origin) {
        String clean = origin.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() > 100 ? clean.substring(0, 100) + "..." : clean) + "'";
    }
}
