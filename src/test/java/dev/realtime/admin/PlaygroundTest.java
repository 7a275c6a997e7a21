package dev.realtime.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.config.ConfigException;
import dev.realtime.config.EnvConfig;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The browser playground: where it is served, with which headers, and what the page offers. */
class PlaygroundTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path FILES = Path.of("src/main/resources/playground");

    /** TestEngine listens on 127.0.0.1: the playground is on without being asked for. */
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of());

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackEngineServesThePageWithItsPolicy() throws Exception {
        HttpResponse<String> r = get(engine.httpUri(), "/playground");
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(r.headers().firstValue("Content-Type").orElseThrow(), startsWith("text/html"));
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow(), is("no-cache"));
        String policy = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy, containsString("default-src 'self'"));
        URI base = engine.httpUri();
        assertThat(policy, containsString("connect-src 'self' ws://" + base.getHost() + ":" + base.getPort()));
        assertThat(policy, not(containsString("*")));
    }

    @Test
    void thePageHasWhatAnOutsideTestDrives() throws Exception {
        String page = get(engine.httpUri(), "/playground").body();
        assertThat(page, containsString("<input id=\"api-key\" name=\"api-key\" type=\"password\""));
        assertThat("the key is in a form, so Enter submits it", page, containsString("<form id=\"key-form\""));
        assertThat(page, containsString(">Start conversation</button>"));
        assertThat(page, containsString(">Stop</button>"));
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsType() throws Exception {
        String page = get(engine.httpUri(), "/playground/").body();
        Matcher m = Pattern.compile("(?:src|href)=\"(/playground/[^\"]+)\"").matcher(page);
        List<String> assets = m.results().map(r -> r.group(1)).toList();
        assertThat(assets, hasSize(2));
        for (String asset : List.of("/playground/app.js", "/playground/mic-worklet.js",
                                    "/playground/player-worklet.js", "/playground/playground.css")) {
            HttpResponse<String> r = get(engine.httpUri(), asset);
            assertThat(asset, r.statusCode(), is(200));
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            assertThat(asset, type, startsWith(asset.endsWith(".css") ? "text/css" : "text/javascript"));
            assertThat(r.headers().firstValue("X-Content-Type-Options").orElseThrow(), is("nosniff"));
        }
        for (String asset : assets) {
            assertThat(asset, get(engine.httpUri(), asset).statusCode(), is(200));
        }
        String app = get(engine.httpUri(), "/playground/app.js").body();
        assertThat(app, containsString("'/playground/mic-worklet.js'"));
        assertThat(app, containsString("'/playground/player-worklet.js'"));
    }

    @Test
    void unknownFilesAreNotFound() throws Exception {
        assertThat(get(engine.httpUri(), "/playground/nope.js").statusCode(), is(404));
        assertThat(get(engine.httpUri(), "/playground/..%2FMETA-INF%2FMANIFEST.MF").statusCode(), is(404));
    }

    @Test
    void disabledPlaygroundIsNotFound() throws Exception {
        try (TestEngine off = TestEngine.start(Map.of("PLAYGROUND", "false"))) {
            assertThat(get(off.httpUri(), "/playground").statusCode(), is(404));
            assertThat(get(off.httpUri(), "/playground/app.js").statusCode(), is(404));
            assertThat("the rest of the engine still answers", get(off.httpUri(), "/health").statusCode(), is(200));
        }
    }

    @Test
    void onByDefaultOnlyOnLoopback() {
        assertThat(EnvConfig.load(Map.of("HOST", "127.0.0.1")).edge().playground(), is(true));
        assertThat(EnvConfig.load(Map.of("HOST", "localhost")).edge().playground(), is(true));
        assertThat(EnvConfig.load(Map.of("HOST", "::1")).edge().playground(), is(true));
        assertThat("the default HOST is loopback", EnvConfig.load(Map.of()).edge().playground(), is(true));
        assertThat(EnvConfig.load(Map.of("HOST", "0.0.0.0")).edge().playground(), is(false));
        assertThat(EnvConfig.load(Map.of("HOST", "10.0.0.5")).edge().playground(), is(false));
        assertThat(EnvConfig.load(Map.of("HOST", "0.0.0.0", "PLAYGROUND", "true")).edge().playground(), is(true));
        assertThat(EnvConfig.load(Map.of("HOST", "127.0.0.1", "PLAYGROUND", "false")).edge().playground(),
                   is(false));
    }

    @Test
    void aBadPlaygroundValueIsAStartupProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("PLAYGROUND", "yes")));
        assertThat(e.getMessage(), containsString("PLAYGROUND"));
        assertThat(e.getMessage(), containsString("not true or false"));
    }

    /** A syntax error in the page's scripts would ship silently: Node parses each one. */
    @Test
    void theScriptsParse() throws Exception {
        assumeTrue(node(), "node is not installed");
        try (var scripts = Files.list(FILES)) {
            List<Path> js = scripts.filter(p -> p.toString().endsWith(".js")).sorted().toList();
            assertThat(js, hasSize(3));
            for (Path script : js) {
                Process p = new ProcessBuilder("node", "--check", script.toString()).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(script + ": " + out, p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, is(true));
            }
        }
    }

    private static boolean node() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
