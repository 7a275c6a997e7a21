package dev.realtime.admin;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * Pins Helidon 4.2.6's refusal of HTTP/1.0 ({@code Http1Prologue} answers 505 with no option to accept it), so an
 * upgrade that changes it is noticed and the README and {@code etc/nginx.conf} notes are revisited. A proxy in front
 * ({@code proxy_http_version 1.1}) answers HTTP/1.0 clients: NginxTlsProxyTest.
 */
class HttpVersionTest {
    @Test
    void http10RequestIsAnswered505ByHelidon() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of());
             Socket socket = new Socket("127.0.0.1", engine.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head, startsWith("HTTP/1.1 505"));
        }
    }
}
