package dev.realtime.testing;

import java.net.URI;
import java.nio.file.Path;

import dev.realtime.Engine;
import dev.realtime.auth.SessionDefaults;

/**
 * What a test reaches of a running engine: its addresses, tokens and the wired engine. A {@link TestEngine} started
 * by hand and an {@link EngineExtension} both are one, so test helpers take either. Called on the test's thread.
 */
public interface RunningEngine {
    /** The port. */
    int port();

    /** A fresh valid token. */
    String token();

    /** A fresh token carrying session defaults. */
    String token(SessionDefaults defaults);

    /** The wired engine. */
    Engine engine();

    /** {@code DATA_DIR/config/runtime.yaml}. */
    Path runtimeFile();

    /** {@code ws://127.0.0.1:PORT/v1/realtime}. */
    default URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/v1/realtime");
    }

    /** {@code http://127.0.0.1:PORT}. */
    default URI httpUri() {
        return URI.create("http://127.0.0.1:" + port());
    }
}
