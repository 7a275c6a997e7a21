package dev.realtime.observe;

import java.util.Optional;

/**
 * The session a thread works for, so that every log line of a session carries its id. Set once on the session's
 * loop thread; the response, speaker and transcription threads it starts inherit it (virtual threads inherit
 * inheritable thread locals).
 */
public final class LogContext {
    private static final InheritableThreadLocal<String> SESSION = new InheritableThreadLocal<>();

    private LogContext() {
    }

    /** Marks the current thread (and the threads it starts) as working for a session. */
    public static void session(String sessionId) {
        SESSION.set(sessionId);
    }

    /** The session of the current thread, if any. */
    public static Optional<String> session() {
        return Optional.ofNullable(SESSION.get());
    }
}
