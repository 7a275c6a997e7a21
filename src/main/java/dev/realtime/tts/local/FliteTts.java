package dev.realtime.tts.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;

/**
 * Offline speech with flite (Debian {@code flite}, voice {@code slt}, 16 kHz), run as a subprocess per piece.
 * Thread-safe; streams are per session.
 */
public final class FliteTts implements TtsEngine {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/flite"), Path.of("/usr/local/bin/flite"));

    /** How long a piece may take when no configuration says (a sentence takes flite about 0.1 s). */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final Duration timeout;

    private FliteTts(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /**
     * Finds flite.
     *
     * @return the engine, or empty when flite is not installed (run {@code bin/install-offline})
     */
    public static Optional<FliteTts> detect() {
        return detect(DEFAULT_TIMEOUT);
    }

    /**
     * Finds flite.
     *
     * @param timeout how long one piece may take to render (its first audio is its whole audio)
     * @return the engine, or empty when flite is not installed (run {@code bin/install-offline})
     */
    public static Optional<FliteTts> detect(Duration timeout) {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(b -> new FliteTts(b, timeout));
    }

    @Override
    public String name() {
        return "flite";
    }

    @Override
    public TtsStream open(TtsOptions options) {
        return new FliteStream(binary, options.speed(), timeout);
    }
}
