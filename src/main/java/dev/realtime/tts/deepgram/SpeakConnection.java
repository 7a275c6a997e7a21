package dev.realtime.tts.deepgram;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;
import dev.realtime.upstream.FailureKind;

/**
 * The speaking side of a stream: owns the current socket (if any), opens it lazily, sends a piece and pumps its
 * messages to the sink, and keeps track of a {@code Clear} whose {@code Cleared} has not arrived yet. Used by the
 * thread in {@code speak} only, except {@link #closeSocket()} (any thread) and the inbox (fed by the HTTP client).
 */
final class SpeakConnection {

    private static final System.Logger LOGGER = System.getLogger(SpeakConnection.class.getName());

    private final DeepgramTtsSettings settings;
    private final HttpClient client;
    private final URI uri;
    private final LinkedBlockingQueue<SpeakEvent> inbox = new LinkedBlockingQueue<>();
    private final SampleAssembler assembler = new SampleAssembler();
    private volatile SpeakSocket socket;
    private int generation;
    private boolean clearing;
    private boolean lost;

    SpeakConnection(DeepgramTtsSettings settings, HttpClient client, URI uri) {
        this.settings = settings;
        this.client = client;
        this.uri = uri;
    }

    /** Wakes the speaking thread (after a cancel or close). Any thread. */
    void wake() {
        inbox.add(new SpeakEvent.Cancel());
    }

    /**
     * Speaks one piece: connects if needed, waits out a pending {@code Clear}, sends the text and a
     * {@code Flush}, and delivers audio until {@code Flushed}. When the connection is lost before any audio of
     * the piece was delivered (an idle socket closed by Deepgram), the piece is retried once on a new one.
     */
    void speak(String text, AudioSink sink, CompletableFuture<Void> cancelled) {
        long before = assembler.delivered();
        try {
            attempt(text, sink, cancelled);
        } catch (TtsException e) {
            if (e.cancelled() || !lost || assembler.delivered() != before) {
                throw e;
            }
            LOGGER.log(Level.DEBUG, "Retrying the piece on a new connection: {0}", e.getMessage());
            attempt(text, sink, cancelled);
        }
    }

    private void attempt(String text, AudioSink sink, CompletableFuture<Void> cancelled) {
        lost = false;
        drainIdle();
        if (socket == null) {
            Optional<SpeakSocket> opened = SpeakSocket.connect(client, uri, settings.apiKey(),
                                                               settings.connectTimeout(), ++generation, inbox::add,
                                                               cancelled);
            checkCancelled(cancelled, false);
            socket = opened.orElseThrow(TtsException::cancellation);
        }
        while (clearing) {
            handle(next(cancelled, settings.firstByteTimeout(), "Cleared"), null);
        }
        for (String message : SpeakText.speakMessages(text)) {
            send(message);
        }
        send(SpeakText.control("Flush"));
        try {
            long before = assembler.delivered();
            while (!handle(assembler.delivered() == before
                                   ? next(cancelled, settings.firstByteTimeout(), "the first audio of the piece")
                                   : next(cancelled, settings.idleTimeout(), "more audio of the piece"), sink)) {
                // audio delivered; wait for more
            }
        } catch (TtsException e) {
            if (!e.cancelled() && socket != null && !clearing) {
                clear();
            }
            throw e;
        }
    }

    /** Starts a polite close of the socket, if open. Any thread. */
    void closeSocket() {
        SpeakSocket current = socket;
        socket = null;
        if (current != null) {
            current.close();
        }
    }

    /** @return true when the piece's {@code Flushed} arrived */
    private boolean handle(SpeakEvent event, AudioSink sink) {
        switch (event) {
            case SpeakEvent.Audio audio -> {
                if (sink != null && !clearing) {
                    assembler.accept(audio.pcm(), sink);
                }
                return false;
            }
            case SpeakEvent.Dropped dropped -> {
                socket = null;
                lost = true;
                clearing = false;
                throw new TtsException(FailureKind.STREAM_BROKEN, dropped.why());
            }
            case SpeakEvent.Text message -> {
                return onText(message.json(), sink != null);
            }
            case SpeakEvent.Cancel ignored -> {
                return false;
            }
        }
    }

    private boolean onText(String json, boolean inPiece) {
        JsonNode root;
        try {
            root = SpeakText.MAPPER.readTree(json);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Unparseable message from Deepgram: {0}", json);
            return false;
        }
        String type = root.path("type").asText("");
        switch (type) {
            case "Flushed" -> {
                return inPiece && !clearing;
            }
            case "Cleared" -> {
                clearing = false;
                assembler.reset();
                return false;
            }
            case "Warning" -> {
                String code = root.path("warn_code").asText(root.path("code").asText(""));
                String msg = root.path("warn_msg").asText(root.path("description").asText(""));
                LOGGER.log(Level.WARNING, "Deepgram warning {0}: {1}", code, msg);
                if (inPiece && code.equals("EXCESSIVE_FLUSH")) {
                    throw new TtsException(FailureKind.RATE_LIMITED, "the flush was ignored (" + code + ": " + msg
                            + ")");
                }
                return false;
            }
            case "Error" -> throw new TtsException(FailureKind.SERVER_ERROR, "error message: "
                    + root.path("description").asText(root.path("err_msg").asText(json)));
            default -> {
                LOGGER.log(Level.DEBUG, "Deepgram {0}: {1}", type, json);
                return false;
            }
        }
    }

    /** Takes the next event of the current socket; throws on cancel or after the wait. */
    private SpeakEvent next(CompletableFuture<Void> cancelled, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            checkCancelled(cancelled, true);
            SpeakEvent event;
            try {
                event = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TtsException.cancellation();
            }
            if (event == null) {
                SpeakSocket stale = socket;
                socket = null;
                clearing = false;
                if (stale != null) {
                    stale.abort();
                }
                throw new TtsException(FailureKind.TIMEOUT, "sent nothing for " + wait.toMillis()
                        + " ms while waiting for " + what);
            }
            if (!stale(event)) {
                return event;
            }
        }
    }

    private void checkCancelled(CompletableFuture<Void> cancelled, boolean clear) {
        if (cancelled.isDone()) {
            if (clear && socket != null && !clearing) {
                clear();
            }
            throw TtsException.cancellation();
        }
    }

    private void send(String message) {
        try {
            socket.send(message);
        } catch (TtsException e) {
            socket = null;
            clearing = false;
            lost = true;
            throw e;
        }
    }

    /** Sends {@code Clear}; audio is then dropped until {@code Cleared}. A failed send drops the socket. */
    private void clear() {
        try {
            socket.send(SpeakText.control("Clear"));
            clearing = true;
        } catch (TtsException e) {
            LOGGER.log(Level.DEBUG, "Clear not sent, dropping the connection: {0}", e.getMessage());
            socket = null;
            clearing = false;
        }
    }

    /** Between pieces: notes a dropped socket or an arrived {@code Cleared}, drops stray audio. */
    private void drainIdle() {
        for (SpeakEvent event = inbox.poll(); event != null; event = inbox.poll()) {
            if (stale(event)) {
                continue;
            }
            try {
                handle(event, null);
            } catch (TtsException e) {
                LOGGER.log(Level.DEBUG, "Between pieces: {0}", e.getMessage());
            }
        }
    }

    private boolean stale(SpeakEvent event) {
        int gen = switch (event) {
            case SpeakEvent.Audio a -> a.generation();
            case SpeakEvent.Text t -> t.generation();
            case SpeakEvent.Dropped d -> d.generation();
            case SpeakEvent.Cancel c -> generation;
        };
        return socket == null || gen != socket.generation();
    }
}
