package dev.realtime.stt;

/**
 * A speech-to-text engine shared by all sessions; each session opens its own {@link SttStream}.
 * Thread-safe.
 */
public interface SttEngine {
    /** Engine name for logs and {@code /health}, such as {@code deepgram}. */
    String name();

    /**
     * Opens a stream for one session. Called on the session loop; must not block for long (a streaming engine
     * connects lazily or on its own thread).
     *
     * @param options language and hints of the session
     * @return a new stream
     */
    SttStream open(SttOptions options);
}
