package dev.realtime.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import dev.realtime.config.EngineConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The {@code wsUrl} handed out for a request, from the configured URL, a trusted proxy's headers, or the request.
 */
class PublicWsUrlTest {
    private static final EngineConfig.Edge TRUSTED = new EngineConfig.Edge(Optional.empty(), List.of(), true, false);
    private static final EngineConfig.Edge UNTRUSTED = new EngineConfig.Edge(Optional.empty(), List.of(), false, false);
    private static final String LOCAL = "10.0.0.5:8787";

    private static String url(EngineConfig.Edge edge, Map<String, String> headers) {
        WritableHeaders<?> h = WritableHeaders.create();
        headers.forEach((name, value) -> h.add(HeaderNames.create(name), value));
        return PublicWsUrl.of(edge, h, LOCAL);
    }

    @Test
    void forwardedFirstElementGivesSchemeHostAndPort() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787",
                                       "Forwarded", "for=192.0.2.60;proto=https;host=\"a.example:8443\", "
                                               + "for=10.0.0.9;proto=http;host=internal:8787")),
                   is("wss://a.example:8443/v1/realtime"));
    }

    @Test
    void forwardedAllowsSpacesAndQuotedSeparatorsAndDropsTheDefaultPort() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787",
                                       "Forwarded", "for=\"[2001:db8::1];x,y\" ; Proto=HTTPS ; host=a.example:443")),
                   is("wss://a.example/v1/realtime"));
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "Forwarded", "proto=http;host=a.example:80")),
                   is("ws://a.example/v1/realtime"));
    }

    @Test
    void forwardedHostWithoutPortTakesXForwardedPort() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "Forwarded", "proto=https;host=a.example",
                                       "X-Forwarded-Port", "8443")),
                   is("wss://a.example:8443/v1/realtime"));
    }

    @Test
    void xForwardedHostMayCarryThePort() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "X-Forwarded-Proto", "https",
                                       "X-Forwarded-Host", "b.example:9443", "X-Forwarded-Port", "443")),
                   is("wss://b.example:9443/v1/realtime"));
    }

    @Test
    void xForwardedPortGivesThePortSeparately() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "X-Forwarded-Proto", "https, http",
                                       "X-Forwarded-Host", "b.example, proxy.internal", "X-Forwarded-Port", "8443")),
                   is("wss://b.example:8443/v1/realtime"));
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "X-Forwarded-Proto", "https",
                                       "X-Forwarded-Host", "b.example", "X-Forwarded-Port", "443")),
                   is("wss://b.example/v1/realtime"));
    }

    @Test
    void protoAloneKeepsTheHostHeaderAndDropsItsPortForTheForwardedOne() {
        assertThat(url(TRUSTED, Map.of("Host", "engine.example", "X-Forwarded-Proto", "https")),
                   is("wss://engine.example/v1/realtime"));
        assertThat(url(TRUSTED, Map.of("Host", "engine.example:8787", "X-Forwarded-Proto", "https",
                                       "X-Forwarded-Port", "443")),
                   is("wss://engine.example/v1/realtime"));
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787",
                                       "Forwarded", "proto=https;host=\"[2001:db8::7]:8443\"")),
                   is("wss://[2001:db8::7]:8443/v1/realtime"));
    }

    @Test
    void malformedProxyValuesAreIgnored() {
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "Forwarded", "proto=gopher;host=\"a b/c\"",
                                       "X-Forwarded-Port", "99999")),
                   is("ws://127.0.0.1:8787/v1/realtime"));
        assertThat(url(TRUSTED, Map.of("Host", "127.0.0.1:8787", "Forwarded", ";;garbage")),
                   is("ws://127.0.0.1:8787/v1/realtime"));
    }

    @Test
    void withoutTrustTheRequestsOwnHostIsUsedWithItsPort() {
        Map<String, String> proxied = Map.of("Host", "engine.internal:8787", "X-Forwarded-Proto", "https",
                                             "X-Forwarded-Host", "b.example",
                                             "Forwarded", "proto=https;host=a.example");
        assertThat(url(UNTRUSTED, proxied), is("ws://engine.internal:8787/v1/realtime"));
        assertThat(url(TRUSTED, Map.of("Host", "engine.internal:8787")), is("ws://engine.internal:8787/v1/realtime"));
    }

    @Test
    void withoutAUsableHostTheLocalAddressIsUsed() {
        assertThat(url(UNTRUSTED, Map.of()), is("ws://10.0.0.5:8787/v1/realtime"));
        assertThat(url(UNTRUSTED, Map.of("Host", "bad host\u0001")), is("ws://10.0.0.5:8787/v1/realtime"));
    }

    @Test
    void publicWsUrlWinsOverEverything() {
        EngineConfig.Edge configured = new EngineConfig.Edge(Optional.of("wss://voice.example/v1/realtime"), List.of(),
                                                             true, false);
        assertThat(url(configured, Map.of("Host", "127.0.0.1:8787", "Forwarded", "proto=https;host=a.example")),
                   is("wss://voice.example/v1/realtime"));
    }
}
