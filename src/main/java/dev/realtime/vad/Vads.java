package dev.realtime.vad;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the voice activity detector at startup: Silero when its model loads, else the {@link EnergyVad}
 * fallback with a loud warning saying why and how to fix it. The chosen detector's {@link Vad#name()}
 * ({@code silero} or {@code energy}) is what logs and {@code /health} report. Called once from the
 * composition root, on the main thread.
 */
public final class Vads {

    /** Where {@code bin/fetch-silero} installs the model, relative to the working directory. */
    public static final Path DEFAULT_MODEL = Path.of("models", "silero", "silero_vad.onnx");

    private static final System.Logger LOGGER = System.getLogger(Vads.class.getName());

    private Vads() {
    }

    /**
     * Loads Silero from {@code model} (or {@link #DEFAULT_MODEL} when empty), falling back to the energy
     * detector when the file is missing or cannot be loaded. Never throws for a bad model.
     *
     * @param model the model file, or empty for {@link #DEFAULT_MODEL}
     * @return the detector to share between all sessions
     */
    public static Vad load(Optional<Path> model) {
        Objects.requireNonNull(model, "model");
        Path path = model.orElse(DEFAULT_MODEL);
        try {
            SileroVad vad = SileroVad.load(path);
            LOGGER.log(Level.INFO, "VAD: silero (" + path.toAbsolutePath() + ")");
            return vad;
        } catch (VadException e) {
            LOGGER.log(Level.WARNING, fallbackMessage(e.getMessage()));
            return EnergyVad.create();
        } catch (LinkageError e) {
            LOGGER.log(Level.WARNING, fallbackMessage("ONNX Runtime cannot load its native library: " + e));
            return EnergyVad.create();
        }
    }

    /**
     * @param vad a detector from {@link #load(Optional)}
     * @return whether it is the model-based detector (for {@code /health})
     */
    public static boolean modelBased(Vad vad) {
        return vad instanceof SileroVad;
    }

    private static String fallbackMessage(String reason) {
        return "*** VAD: Silero VAD is NOT active, using the energy fallback (worse at rejecting noise and"
                + " non-speech sounds).\n*** Why: " + reason
                + "\n*** Fix: run bin/fetch-silero (needs npm once) and restart the engine.";
    }
}
