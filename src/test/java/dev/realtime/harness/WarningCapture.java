package dev.realtime.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.realtime.observe.LogContext;

/**
 * Records every WARNING (or worse) published to the root JUL logger (where {@code System.Logger} ends) with the
 * session of the publishing thread, read from {@link LogContext} inside {@link #publish}, which runs on the thread
 * that logs. Installed for one test class; thread-safe.
 */
final class WarningCapture extends Handler implements AutoCloseable {
    /** One captured record: the publishing thread's session ("" when none) and the formatted message. */
    record Warning(String session, String message) {
    }

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<Warning> warnings = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();

    private WarningCapture() {
        setLevel(Level.WARNING);
    }

    /** Adds a capture to the root logger. */
    static WarningCapture install() {
        WarningCapture capture = new WarningCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String message = formatter.formatMessage(record);
        Warning warning = new Warning(LogContext.session().orElse(""), message);
        lock.lock();
        try {
            warnings.add(warning);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A position to count from: the number of records so far. */
    int mark() {
        lock.lock();
        try {
            return warnings.size();
        } finally {
            lock.unlock();
        }
    }

    /** The records after a mark that match. */
    List<Warning> since(int mark, Predicate<Warning> match) {
        lock.lock();
        try {
            return warnings.subList(mark, warnings.size()).stream().filter(match).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code wait} for a record after the mark that matches; the first one, if it came. */
    Optional<Warning> await(int mark, Predicate<Warning> match, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<Warning> found = warnings.subList(mark, warnings.size()).stream().filter(match).findFirst();
                long left = deadline - System.nanoTime();
                if (found.isPresent() || left <= 0) {
                    return found;
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** All records so far, for failure messages. */
    List<Warning> all() {
        lock.lock();
        try {
            return new ArrayList<>(warnings);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
