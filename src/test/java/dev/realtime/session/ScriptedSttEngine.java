package dev.realtime.session;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;

/** An {@link SttEngine} whose every {@link #open} hands the test a new {@link ScriptedSttStream}. Thread-safe. */
final class ScriptedSttEngine implements SttEngine {
    private final LinkedBlockingQueue<ScriptedSttStream> opened = new LinkedBlockingQueue<>();

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public SttStream open(SttOptions options) {
        ScriptedSttStream stream = new ScriptedSttStream();
        opened.add(stream);
        return stream;
    }

    /** @return the next stream a session opened */
    ScriptedSttStream awaitOpened(Duration timeout) throws InterruptedException {
        ScriptedSttStream stream = opened.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (stream == null) {
            throw new AssertionError("no stream opened within " + timeout);
        }
        return stream;
    }

    /** @return streams opened and not yet handed out by {@link #awaitOpened} */
    int unclaimed() {
        return opened.size();
    }
}
