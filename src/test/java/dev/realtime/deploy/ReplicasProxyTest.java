package dev.realtime.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.Nginx;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The shipped {@code etc/nginx/replicas.conf} (Debian's nginx) in front of two engines that share one
 * {@code JWT_SECRET}, as {@code etc/compose.replicas.yaml} runs them: a token minted through the proxy opens sessions
 * on either engine, WebSocket upgrades pass, and an engine that refuses new sessions (503 at {@code MAX_SESSIONS},
 * as while it drains) does not fail the client: nginx sends the upgrade to the other engine.
 */
class ReplicasProxyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "a-secret-both-replicas-share-0123456789";
    private static final int SESSIONS = 4;

    @Test
    void sessionsGoToTheEngineThatTakesThem() throws Exception {
        try (TestEngine full = TestEngine.start(Map.of("JWT_SECRET", SECRET, "MAX_SESSIONS", "1"));
             TestEngine open = TestEngine.start(Map.of("JWT_SECRET", SECRET));
             Nginx nginx = Nginx.startReplicas(Path.of("etc/nginx/replicas.conf"), full.port(), open.port())) {
            String base = "127.0.0.1:" + nginx.httpPort();
            HttpResponse<String> minted = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + base + "/v1/realtime/client_secrets"))
                            .header("Authorization", "Bearer " + TestEngine.API_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(minted.body() + "\n" + nginx.log(), minted.statusCode(), is(200));
            String token = new ObjectMapper().readTree(minted.body()).path("value").asText();
            List<WsTestClient> sessions = new ArrayList<>();
            // the first engine's one session, opened directly: from now on it answers upgrades with 503
            try (WsTestClient direct = WsTestClient.connect(URI.create("ws://127.0.0.1:" + full.port()
                                                                               + "/v1/realtime"), token)) {
                assertThat(direct.next().path("type").asText(), is("session.created"));
                assertThat("the full engine refuses", WsTestClient.refused(
                        HTTP, URI.create("ws://127.0.0.1:" + full.port() + "/v1/realtime"),
                        Map.of("Authorization", "Bearer " + token)).statusCode(), is(503));
                // nginx balances over both engines; each upgrade it gives the full one comes back 503 and is
                // passed to the other, so every one of them opens a session
                for (int i = 0; i < SESSIONS; i++) {
                    WsTestClient c = WsTestClient.connect(URI.create("ws://" + base + "/v1/realtime"), token);
                    sessions.add(c);
                    assertThat("session " + i + " through nginx\n" + nginx.log(), c.next().path("type").asText(),
                               is("session.created"));
                }
            } finally {
                sessions.forEach(WsTestClient::close);
            }
        }
    }
}
