package dev.realtime.stt.local;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import dev.realtime.stt.SttException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles for the pocketsphinx 5prealpha C API ({@code libpocketsphinx.so.3} with
 * {@code libsphinxbase.so.3}). Pure bindings: every method is one C call, errors are the C return codes.
 * Stateless and thread-safe, but the decoder handles passed in are not: callers keep one thread per decoder.
 */
final class PsNative {

    /** A symbol only pocketsphinx 5.x exports; its presence means the 5prealpha signatures below are wrong. */
    static final String PS5_MARKER = "ps_config_init";

    private final MethodHandle psArgs;
    private final MethodHandle cmdLnParseR;
    private final MethodHandle cmdLnFreeR;
    private final MethodHandle errSetLogfp;
    private final MethodHandle psInit;
    private final MethodHandle psFree;
    private final MethodHandle psStartUtt;
    private final MethodHandle psProcessRaw;
    private final MethodHandle psEndUtt;
    private final MethodHandle psGetHyp;

    private PsNative(SymbolLookup lookup) {
        psArgs = bind(lookup, "ps_args", FunctionDescriptor.of(ADDRESS));
        cmdLnParseR = bind(lookup, "cmd_ln_parse_r",
                           FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        cmdLnFreeR = bind(lookup, "cmd_ln_free_r", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        errSetLogfp = bind(lookup, "err_set_logfp", FunctionDescriptor.ofVoid(ADDRESS));
        psInit = bind(lookup, "ps_init", FunctionDescriptor.of(ADDRESS, ADDRESS));
        psFree = bind(lookup, "ps_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        psStartUtt = bind(lookup, "ps_start_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        psProcessRaw = bind(lookup, "ps_process_raw",
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT));
        psEndUtt = bind(lookup, "ps_end_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        psGetHyp = bind(lookup, "ps_get_hyp", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    /**
     * Binds every function this package uses.
     *
     * @throws SttException when a symbol is missing or the library is pocketsphinx 5.x
     */
    static PsNative bind(SymbolLookup lookup) {
        if (lookup.find(PS5_MARKER).isPresent()) {
            throw new SttException("pocketsphinx 5.x API (" + PS5_MARKER + ") found; this binding needs the"
                                   + " 5prealpha API of Debian bookworm's libpocketsphinx3");
        }
        return new PsNative(lookup);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new SttException("symbol " + name + " missing: not the pocketsphinx 5prealpha C API"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    /** {@code err_set_logfp(NULL)}: disables sphinxbase's process-wide log. */
    void disableLog() {
        try {
            errSetLogfp.invokeExact(MemorySegment.NULL);
        } catch (Throwable t) {
            throw failure("err_set_logfp", t);
        }
    }

    /** {@code cmd_ln_parse_r(NULL, ps_args(), argc, argv, 1)}; the argv strings must outlive the config. */
    MemorySegment parseConfig(int argc, MemorySegment argv) {
        try {
            MemorySegment defn = (MemorySegment) psArgs.invokeExact();
            return (MemorySegment) cmdLnParseR.invokeExact(MemorySegment.NULL, defn, argc, argv, 1);
        } catch (Throwable t) {
            throw failure("cmd_ln_parse_r", t);
        }
    }

    int freeConfig(MemorySegment config) {
        try {
            return (int) cmdLnFreeR.invokeExact(config);
        } catch (Throwable t) {
            throw failure("cmd_ln_free_r", t);
        }
    }

    /** {@code ps_init(config)}: NULL on failure; the decoder retains its own reference to the config. */
    MemorySegment init(MemorySegment config) {
        try {
            return (MemorySegment) psInit.invokeExact(config);
        } catch (Throwable t) {
            throw failure("ps_init", t);
        }
    }

    int free(MemorySegment ps) {
        try {
            return (int) psFree.invokeExact(ps);
        } catch (Throwable t) {
            throw failure("ps_free", t);
        }
    }

    int startUtt(MemorySegment ps) {
        try {
            return (int) psStartUtt.invokeExact(ps);
        } catch (Throwable t) {
            throw failure("ps_start_utt", t);
        }
    }

    /** {@code ps_process_raw(ps, pcm, n, no_search=0, full_utt=0)}: frames searched, negative on error. */
    int processRaw(MemorySegment ps, MemorySegment pcm, long samples) {
        try {
            return (int) psProcessRaw.invokeExact(ps, pcm, samples, 0, 0);
        } catch (Throwable t) {
            throw failure("ps_process_raw", t);
        }
    }

    int endUtt(MemorySegment ps) {
        try {
            return (int) psEndUtt.invokeExact(ps);
        } catch (Throwable t) {
            throw failure("ps_end_utt", t);
        }
    }

    /** {@code ps_get_hyp(ps, &score)}: a string owned by the decoder, or NULL when there is no hypothesis. */
    MemorySegment hypothesis(MemorySegment ps, MemorySegment score) {
        try {
            return (MemorySegment) psGetHyp.invokeExact(ps, score);
        } catch (Throwable t) {
            throw failure("ps_get_hyp", t);
        }
    }

    private static SttException failure(String function, Throwable t) {
        return new SttException(function + " failed: " + t, t);
    }
}
