package dev.realtime.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** What a client library throws, in words; and the kind an HTTP status stands for. */
class CausesTest {

    @Test
    void describesFailuresInWords() {
        assertThat(Causes.describe(new ConnectException()), is("connection refused"));
        assertThat(Causes.describe(new CompletionException(new ConnectException("Connection refused"))),
                   is("connection refused"));
        assertThat(Causes.describe(new ExecutionException(new IOException("wrapped", new UnknownHostException(
                "api.example")))), is("unknown host api.example"));
        assertThat(Causes.describe(new SSLHandshakeException("PKIX path building failed")),
                   is("TLS handshake failed: PKIX path building failed"));
        assertThat(Causes.describe(new HttpConnectTimeoutException("HTTP connect timed out")),
                   is("connect timed out"));
        assertThat(Causes.describe(new HttpTimeoutException("request timed out")), is("timed out"));
        assertThat(Causes.describe(new SocketException("Connection reset")), is("connection reset"));
        assertThat(Causes.describe(new IOException("HTTP/1.1 header parser received no bytes")),
                   is("connection closed"));
        assertThat(Causes.describe(new EOFException()), is("connection closed"));
        assertThat(Causes.describe(new IllegalStateException("decoder pool closed")), is("decoder pool closed"));
        assertThat(Causes.describe(new NullPointerException()), is("failed without an explanation"));
    }

    @Test
    void unansweredCallsAreTimeoutsOrUnreachable() {
        assertThat(Fault.unanswered(new HttpConnectTimeoutException("x")),
                   is(Fault.of(FailureKind.TIMEOUT, "connect timed out")));
        assertThat(Fault.unanswered(new ConnectException()),
                   is(Fault.of(FailureKind.UNREACHABLE, "connection refused")));
        assertThat(Fault.broken(new IOException("closed")),
                   is(Fault.of(FailureKind.STREAM_BROKEN, "connection closed")));
        assertThat(Fault.status(500, "boom").text(), is("HTTP 500: boom"));
        assertThat(Fault.status(500, "boom").status(), is(OptionalInt.of(500)));
    }

    @Test
    void statusesMapToKinds() {
        assertThat(FailureKind.forStatus(401), is(FailureKind.AUTH_FAILED));
        assertThat(FailureKind.forStatus(402), is(FailureKind.AUTH_FAILED));
        assertThat(FailureKind.forStatus(403), is(FailureKind.AUTH_FAILED));
        assertThat(FailureKind.forStatus(404), is(FailureKind.NOT_FOUND));
        assertThat(FailureKind.forStatus(408), is(FailureKind.TIMEOUT));
        assertThat(FailureKind.forStatus(409), is(FailureKind.SERVER_ERROR));
        assertThat(FailureKind.forStatus(422), is(FailureKind.BAD_REQUEST));
        assertThat(FailureKind.forStatus(429), is(FailureKind.RATE_LIMITED));
        assertThat(FailureKind.forStatus(503), is(FailureKind.SERVER_ERROR));
        assertThat(FailureKind.SERVER_ERROR.errorCode(), is("upstream_server_error"));
        assertThat(FailureKind.STREAM_BROKEN.label(), is("stream_broken"));
    }
}
