package dev.realtime.session.run;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.realtime.llm.Usage;
import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.tts.AudioSink;
import dev.realtime.tts.OutputEncoder;
import dev.realtime.tts.SentenceChunker;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsStream;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.UpstreamFailure;

/**
 * Speaks a response while the model is still writing it: model text is cut into speakable pieces on the model
 * thread, and a speaker thread synthesises them one after another, so the first piece is heard while later ones
 * are still being generated. Each piece's audio is reported with its text, so the transcript stays with the
 * audio it belongs to. Part of the response's scope: {@link #cancel()} stops synthesis at once. A failed piece is
 * logged and counted once here (a cancelled one is not a failure) and fails the response; so does a failure of the
 * speaker itself.
 */
public final class Speaker implements TextOutput {
    private static final System.Logger LOGGER = System.getLogger(Speaker.class.getName());

    private final String responseId;
    private final TtsStream tts;
    private final OutputEncoder encoder;
    private final SignalReporter reporter;
    private final SentenceChunker chunker = new SentenceChunker();
    private final BlockingQueue<Work> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final boolean ownsStream;
    private final String provider;
    private volatile boolean cancelled;
    private boolean spoken;

    private sealed interface Work {
        record Piece(String text) implements Work {
        }

        record End(String finishReason, Optional<Usage> usage) implements Work {
        }

        /** A signal delivered once the pieces before it are spoken. */
        record Pass(RunSignal signal) implements Work {
        }
    }

    private Speaker(String responseId, TtsStream tts, AudioFormat output, SignalReporter reporter,
                    boolean ownsStream, String provider) {
        this.responseId = responseId;
        this.ownsStream = ownsStream;
        this.provider = provider;
        this.tts = tts;
        this.encoder = OutputEncoder.create(tts.sampleRate(), output);
        this.reporter = reporter;
        this.thread = Thread.ofVirtual().name("speaker-" + responseId).unstarted(this::run);
    }

    /**
     * Starts the speaker thread. Called on the session loop.
     *
     * @param responseId response id
     * @param tts        the stream to speak with
     * @param output     the session's output format
     * @param reporter   where to report
     * @param ownsStream whether the stream is this response's own (closed at the end) rather than the session's
     * @param provider   the configured TTS provider name, for failures
     * @return the speaker
     */
    public static Speaker start(String responseId, TtsStream tts, AudioFormat output, SignalReporter reporter,
                                boolean ownsStream, String provider) {
        Speaker speaker = new Speaker(responseId, tts, output, reporter, ownsStream, provider);
        speaker.thread.start();
        return speaker;
    }

    @Override
    public void text(String delta) {
        chunker.push(delta).forEach(p -> work.add(new Work.Piece(p)));
    }

    @Override
    public void signal(RunSignal signal) {
        chunker.flush().forEach(p -> work.add(new Work.Piece(p)));
        work.add(new Work.Pass(signal));
    }

    @Override
    public void finish(String finishReason, Optional<Usage> usage) {
        chunker.flush().forEach(p -> work.add(new Work.Piece(p)));
        work.add(new Work.End(finishReason, usage));
    }

    @Override
    public void cancel() {
        cancelled = true;
        tts.cancel();
        thread.interrupt();
    }

    private void run() {
        try {
            while (!cancelled) {
                switch (work.take()) {
                    case Work.Piece p -> speak(p.text());
                    case Work.Pass p -> {
                        spoken = false; // what follows a tool call is a new message
                        report(p.signal());
                    }
                    case Work.End e -> {
                        byte[] tail = encoder.flush();
                        if (tail.length > 0) {
                            report(new RunSignal.Audio("", tail));
                        }
                        report(new RunSignal.Finished(e.finishReason(), e.usage()));
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TtsException e) {
            if (!e.cancelled() && !cancelled) {
                UpstreamFailure failure = UpstreamFailure.of(provider, UpstreamFailure.SPEAK, e.fault().orElseThrow());
                failure.report();
                report(new RunSignal.Failed(ErrorInfo.server(failure.code(), failure.clientMessage())));
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "response " + responseId + ": the speaker failed", e);
                report(new RunSignal.Failed(ErrorInfo.server("server_error", "speech failed: "
                        + Causes.describe(e))));
            }
        } finally {
            if (ownsStream) {
                tts.close();
            }
        }
    }

    private void speak(String text) {
        String transcript = spoken ? " " + text : text;
        spoken = true;
        PieceAudio audio = new PieceAudio(transcript);
        report(new RunSignal.Stage(RunSignal.Stage.Kind.SPEAKABLE_PIECE, audio.asked));
        tts.speak(text, audio);
    }

    /**
     * One piece's audio: its first chunk carries the piece's text and times the first byte. Called on the speaker
     * thread (the one running {@link TtsStream#speak}).
     */
    private final class PieceAudio implements AudioSink {
        private final String transcript;
        private final long asked = System.nanoTime();
        private boolean first = true;

        private PieceAudio(String transcript) {
            this.transcript = transcript;
        }

        @Override
        public void audio(short[] samples, int count) {
            if (first) {
                long now = System.nanoTime();
                EngineMetrics.ttsFirstByte(Duration.ofNanos(now - asked));
                report(new RunSignal.Stage(RunSignal.Stage.Kind.TTS_FIRST_BYTE, now));
            }
            byte[] bytes = encoder.encode(samples, count);
            if (bytes.length > 0 || first) {
                report(new RunSignal.Audio(first ? transcript : "", bytes));
                first = false;
            }
        }
    }

    private void report(RunSignal signal) {
        if (!cancelled) {
            reporter.report(signal);
        }
    }
}
