package dev.realtime.admin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import dev.realtime.config.EngineConfig;

/**
 * The WebSocket URL a token endpoint hands out ({@code wsUrl}). {@code PUBLIC_WS_URL} when set. Otherwise, with
 * {@code TRUST_PROXY_HEADERS}, the client's view as a reverse proxy reports it: the scheme from {@code Forwarded}
 * {@code proto}, else {@code X-Forwarded-Proto} ({@code https} gives {@code wss}); the host from {@code Forwarded}
 * {@code host}, else {@code X-Forwarded-Host}, else {@code Host}; the port written in that host, else
 * {@code X-Forwarded-Port}, else the one in {@code Host}; the scheme's default port is left out. Without trust, the
 * request's own {@code Host} (port kept) on {@code ws://}: the engine itself has no TLS listener. Values that are not
 * a host, port or known scheme are ignored. Pure; request threads.
 */
public final class PublicWsUrl {
    static final String PATH = "/v1/realtime";
    private static final Pattern AUTHORITY = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?");

    private PublicWsUrl() {
    }

    /**
     * The URL for one request.
     *
     * @param edge           the engine's edge settings
     * @param headers        the request's headers
     * @param localAuthority {@code host:port} the request arrived at, for a request without a usable {@code Host}
     * @return {@code ws://} or {@code wss://} URL of {@code /v1/realtime}
     */
    static String of(EngineConfig.Edge edge, Headers headers, String localAuthority) {
        return edge.publicWsUrl().orElseGet(() -> base(edge, headers, localAuthority) + PATH);
    }

    /**
     * Where the engine's WebSockets are, as the client sees it: {@code ws://} or {@code wss://}, the host and a
     * port other than the scheme's default, and no path; with {@code PUBLIC_WS_URL} set, that URL without its
     * {@code /v1/realtime}. Other routes (Twilio's media stream) append their path to it.
     *
     * @param edge           the engine's edge settings
     * @param headers        the request's headers
     * @param localAuthority {@code host:port} the request arrived at, for a request without a usable {@code Host}
     * @return the URL's start, without a trailing slash
     */
    public static String base(EngineConfig.Edge edge, Headers headers, String localAuthority) {
        if (edge.publicWsUrl().isPresent()) {
            String url = edge.publicWsUrl().get().replaceAll("/+$", "");
            return url.endsWith(PATH) ? url.substring(0, url.length() - PATH.length()) : url;
        }
        Authority request = first(headers, HeaderNames.HOST).flatMap(Authority::parse)
                .or(() -> Authority.parse(localAuthority))
                .orElse(new Authority("localhost", Optional.empty()));
        if (!edge.trustProxyHeaders()) {
            return url("ws", request.host(), request.port());
        }
        Optional<ForwardedHeader> forwarded = ForwardedHeader.first(headers.values(HeaderNames.FORWARDED));
        String scheme = forwarded.flatMap(f -> f.get("proto")).flatMap(PublicWsUrl::wsScheme)
                .or(() -> first(headers, HeaderNames.X_FORWARDED_PROTO).flatMap(PublicWsUrl::wsScheme))
                .orElse("ws");
        Optional<Authority> proxied = forwarded.flatMap(f -> f.get("host")).flatMap(Authority::parse)
                .or(() -> first(headers, HeaderNames.X_FORWARDED_HOST).flatMap(Authority::parse));
        String host = proxied.orElse(request).host();
        Optional<Integer> port = proxied.flatMap(Authority::port)
                .or(() -> first(headers, HeaderNames.X_FORWARDED_PORT).flatMap(PublicWsUrl::parsePort))
                .or(() -> proxied.isEmpty() ? request.port() : Optional.empty());
        return url(scheme, host, port);
    }

    private static String url(String scheme, String host, Optional<Integer> port) {
        int standard = "wss".equals(scheme) ? 443 : 80;
        return scheme + "://" + host + port.filter(p -> p != standard).map(p -> ":" + p).orElse("");
    }

    /** The first entry of a header that proxies may append to ({@code X-Forwarded-Proto: https, http}). */
    private static Optional<String> first(Headers headers, HeaderName name) {
        return headers.first(name).map(v -> v.split(",", 2)[0].strip()).filter(v -> !v.isEmpty());
    }

    private static Optional<String> wsScheme(String proto) {
        return switch (proto.strip().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> Optional.of("wss");
            case "http", "ws" -> Optional.of("ws");
            default -> Optional.empty();
        };
    }

    private static Optional<Integer> parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A host (an IPv6 address in brackets) and an optional port. */
    private record Authority(String host, Optional<Integer> port) {
        static Optional<Authority> parse(String text) {
            Matcher m = AUTHORITY.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            if (m.group(2) == null) {
                return Optional.of(new Authority(m.group(1), Optional.empty()));
            }
            return parsePort(m.group(2)).map(p -> new Authority(m.group(1), Optional.of(p)));
        }
    }
}
