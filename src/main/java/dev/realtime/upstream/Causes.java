package dev.realtime.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Describes what a client library threw in words an operator or a client may read ({@code connection refused},
 * {@code timed out}, {@code unknown host api.example}), never with a Java class name. Pure.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * @param error what was thrown
     * @return what happened, in words
     */
    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String words = known(t);
            if (!words.isEmpty()) {
                return words;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (!wrapper(t) && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return "failed without an explanation";
    }

    /**
     * @param error what was thrown
     * @return whether it says that time ran out
     */
    public static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String known(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (t) {
            case HttpConnectTimeoutException e -> "connect timed out";
            case HttpTimeoutException e -> "timed out";
            case SocketTimeoutException e -> "timed out";
            case TimeoutException e -> "timed out";
            case ConnectException e -> "connection refused";
            case UnknownHostException e -> message.isBlank() ? "unknown host" : "unknown host " + message;
            case SSLException e -> "TLS handshake failed: " + (message.isBlank() ? "no reason given" : message);
            case EOFException e -> "connection closed";
            case ClosedChannelException e -> "connection closed";
            case InterruptedException e -> "interrupted";
            case InterruptedIOException e -> "interrupted";
            case SocketException e when lower.contains("reset") -> "connection reset";
            case SocketException e when lower.contains("closed") || lower.contains("broken pipe") ->
                    "connection closed";
            case IOException e when lower.contains("closed") || lower.contains("received no bytes") ->
                    "connection closed";
            default -> "";
        };
    }

    private static boolean wrapper(Throwable t) {
        return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null;
    }
}
