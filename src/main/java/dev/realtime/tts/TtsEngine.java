package dev.realtime.tts;

/**
 * A text-to-speech engine shared by all sessions; each session opens its own {@link TtsStream} (a streaming
 * engine keeps one upstream connection per session). Thread-safe.
 */
public interface TtsEngine {
    /** Engine name for logs and {@code /health}, such as {@code deepgram}, {@code flite}. */
    String name();

    /**
     * Opens a stream for one session. Called on the session loop; must not block (connect lazily).
     *
     * @param options voice and speed of the session
     * @return a new stream
     */
    TtsStream open(TtsOptions options);
}
