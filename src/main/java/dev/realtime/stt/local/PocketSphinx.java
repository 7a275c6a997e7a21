package dev.realtime.stt.local;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.stt.SttException;

/**
 * Debian bookworm's pocketsphinx 5prealpha ({@code libpocketsphinx3} + {@code pocketsphinx-en-us}) loaded
 * in-process through FFM. Loading never throws: {@link #probe()} says why the library is unusable, for logs and
 * {@code /health}. Thread-safe; {@link #newDecoder()} is called on decoder worker threads (see {@link DecoderPool}).
 *
 * <p>Logging: sphinxbase's log is one process-wide {@code FILE *}. Each {@code -logfn} makes {@code ps_init}
 * {@code fclose} the previous one while other decoders may be writing to it, so instead the log is switched off
 * once at load ({@code err_set_logfp(NULL)}) and no decoder passes {@code -logfn}.
 */
public final class PocketSphinx {

    /** Where Debian's {@code pocketsphinx-en-us} puts the US English model. */
    public static final Path DEFAULT_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");

    private static final List<String> LIBRARIES = List.of(
            "libpocketsphinx.so.3",
            "/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3",
            "/usr/lib/aarch64-linux-gnu/libpocketsphinx.so.3");
    private static final List<String> SPHINXBASE = List.of(
            "libsphinxbase.so.3",
            "/usr/lib/x86_64-linux-gnu/libsphinxbase.so.3",
            "/usr/lib/aarch64-linux-gnu/libsphinxbase.so.3");
    private static final ReentrantLock INIT_LOCK = new ReentrantLock();

    private final PsNative natives;
    private final Path model;
    private final int argc;
    private final MemorySegment argv;

    private PocketSphinx(PsNative natives, Path model, List<String> args) {
        this.natives = natives;
        this.model = model;
        this.argc = args.size();
        // cmd_ln_parse_r keys its table by these very strings, so they live as long as the process
        Arena arena = Arena.global();
        this.argv = arena.allocate(ValueLayout.ADDRESS, argc);
        for (int i = 0; i < argc; i++) {
            argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
    }

    /**
     * What loading found.
     *
     * @param library the loaded library, empty when unusable
     * @param detail  a line for logs and {@code /health}: what was loaded, or why offline STT is unavailable
     */
    public record Probe(Optional<PocketSphinx> library, String detail) {
    }

    /** Loads the library with the default model; the result is computed once per process. */
    public static Probe probe() {
        return DefaultProbe.PROBE;
    }

    /** The library with the default model, or empty when it is not installed (see {@link #probe()}). */
    public static Optional<PocketSphinx> load() {
        return probe().library();
    }

    /**
     * Loads the library with a model directory laid out like Debian's {@code pocketsphinx-en-us}.
     *
     * @param model directory holding {@code en-us/}, {@code en-us.lm.bin} and {@code cmudict-en-us.dict}
     * @return the outcome; never throws
     */
    public static Probe probe(Path model) {
        Path hmm = model.resolve("en-us");
        Path lm = model.resolve("en-us.lm.bin");
        Path dict = model.resolve("cmudict-en-us.dict");
        for (Path required : List.of(hmm.resolve("mdef"), lm, dict)) {
            if (!Files.isReadable(required)) {
                return unavailable("model file " + required + " missing");
            }
        }
        try {
            SymbolLookup lookup = lookup(LIBRARIES).or(lookup(SPHINXBASE));
            PsNative natives = PsNative.bind(lookup);
            natives.disableLog();
            PocketSphinx ps = new PocketSphinx(natives, model, List.of(
                    "-hmm", hmm.toString(), "-lm", lm.toString(), "-dict", dict.toString()));
            return new Probe(Optional.of(ps), "pocketsphinx 5prealpha (FFM, libpocketsphinx.so.3), model " + model);
        } catch (RuntimeException e) {
            return unavailable(e.getMessage());
        }
    }

    private static Probe unavailable(String why) {
        return new Probe(Optional.empty(), "offline STT unavailable: " + why + " (run bin/install-offline)");
    }

    private static SymbolLookup lookup(List<String> candidates) {
        for (String name : candidates) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                // try the next spelling
            }
        }
        throw new SttException(candidates.getFirst() + " not found");
    }

    /** The model directory in use. */
    public Path model() {
        return model;
    }

    /**
     * Creates a decoder: loads the acoustic model, language model and dictionary (0.3–0.6 s, about 100 MB).
     * Creation is serialised process-wide. Called on a decoder worker thread.
     *
     * @throws SttException when the configuration or model is rejected
     */
    Decoder newDecoder() {
        INIT_LOCK.lock();
        try {
            MemorySegment config = natives.parseConfig(argc, argv);
            if (config.equals(MemorySegment.NULL)) {
                throw new SttException("cmd_ln_parse_r rejected the decoder arguments for model " + model);
            }
            MemorySegment decoder = natives.init(config);
            natives.freeConfig(config);
            if (decoder.equals(MemorySegment.NULL)) {
                throw new SttException("ps_init failed for model " + model);
            }
            return new Decoder(natives, decoder);
        } finally {
            INIT_LOCK.unlock();
        }
    }

    private static final class DefaultProbe {
        private static final Probe PROBE = probe(DEFAULT_MODEL);
    }
}
