package dev.realtime.tts.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsStream;

import dev.realtime.upstream.FailureKind;

import dev.realtime.upstream.Fault;

import dev.realtime.upstream.Causes;

/**
 * One session's flite speech: each piece is one flite process writing a WAV file, read back and handed on in
 * 100 ms chunks. flite renders a sentence in well under its spoken length (60–110 ms), so a file per piece costs
 * little latency and keeps the text out of any shell. {@link #speak} runs on the response's speaker thread.
 */
final class FliteStream implements TtsStream {
    private static final int RATE = 16_000;
    private static final int CHUNK = RATE / 10;

    private final Path binary;
    private final double speed;
    private final Duration timeout;
    private final AtomicReference<Process> running = new AtomicReference<>();
    private volatile boolean cancelled;

    FliteStream(Path binary, double speed, Duration timeout) {
        this.binary = binary;
        this.speed = speed;
        this.timeout = timeout;
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public void speak(String text, AudioSink sink) {
        cancelled = false;
        if (text.isBlank()) {
            return;
        }
        Path wav = null;
        try {
            wav = Files.createTempFile("flite", ".wav");
            Process process = new ProcessBuilder(List.of(binary.toString(), "-voice", "slt", "--setf",
                                                         "duration_stretch=" + (1.0 / Math.max(0.25, speed)),
                                                         "-t", text, "-o", wav.toString()))
                    .redirectErrorStream(true).start();
            running.set(process);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TtsException(FailureKind.TIMEOUT, "flite did not finish within " + timeout.toMillis()
                        + " ms");
            }
            checkCancelled();
            if (process.exitValue() != 0) {
                throw new TtsException(FailureKind.SERVER_ERROR, "flite failed (exit " + process.exitValue() + "): "
                                               + new String(process.getInputStream().readAllBytes()).strip());
            }
            short[] samples = WavData.samples16k(Files.readAllBytes(wav));
            for (int i = 0; i < samples.length; i += CHUNK) {
                checkCancelled();
                int n = Math.min(CHUNK, samples.length - i);
                short[] chunk = Arrays.copyOfRange(samples, i, i + n);
                sink.audio(chunk, n);
            }
        } catch (IOException e) {
            throw new TtsException(Fault.of(FailureKind.SERVER_ERROR, "flite could not run: " + Causes.describe(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TtsException.cancellation();
        } finally {
            running.set(null);
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Process p = running.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        cancel();
    }

    private void checkCancelled() {
        if (cancelled) {
            throw TtsException.cancellation();
        }
    }
}
