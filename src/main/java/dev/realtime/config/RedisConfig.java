package dev.realtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * The Redis server that replicas of one engine share ({@code REDIS_URL}); without it the engine keeps everything in
 * its own memory, as a single replica does.
 *
 * @param url the server, {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}
 */
public record RedisConfig(Optional<URI> url) {
    private static final List<String> SCHEMES = List.of("redis", "rediss");

    /** The URL as it may be shown: without its password. */
    public Optional<String> shown() {
        return url.map(u -> {
            try {
                String user = u.getUserInfo() == null ? null : u.getUserInfo().contains(":")
                        ? u.getUserInfo().substring(0, u.getUserInfo().indexOf(':')) + ":***" : "***";
                return new URI(u.getScheme(), user, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
            } catch (URISyntaxException e) {
                return u.getScheme() + "://" + u.getHost();
            }
        });
    }

    static RedisConfig load(EnvValues v) {
        return new RedisConfig(v.text("REDIS_URL").flatMap(text -> parse(v, text)));
    }

    private static Optional<URI> parse(EnvValues v, String text) {
        try {
            URI uri = new URI(text);
            if (SCHEMES.contains(String.valueOf(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
            v.problem("REDIS_URL", "'" + shownText(text) + "' must be a redis:// or rediss:// URL with a host, "
                    + "such as redis://127.0.0.1:6379/0");
        } catch (URISyntaxException e) {
            v.problem("REDIS_URL", "'" + shownText(text) + "' is not a URL: " + e.getReason());
        }
        return Optional.empty();
    }

    /** A bad URL as an error may quote it: anything between {@code //} and {@code @} (a password) hidden. */
    private static String shownText(String text) {
        return text.replaceAll("//[^/@]*@", "//***@");
    }
}
