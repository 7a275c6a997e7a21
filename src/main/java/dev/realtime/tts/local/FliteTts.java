package dev.realtime.tts.local;

import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Path binary;

    private FliteTts(Path binary) {
        this.binary = binary;
    }

    /**
     * Finds flite.
     *
     * @return the engine, or empty when flite is not installed (run {@code bin/install-offline})
     */
    public static Optional<FliteTts> detect() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(FliteTts::new);
    }

    @Override
    public String name() {
        return "flite";
    }

    @Override
    public TtsStream open(TtsOptions options) {
        return new FliteStream(binary, options.speed());
    }
}
