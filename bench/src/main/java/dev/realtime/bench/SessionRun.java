package dev.realtime.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load session: streams the fixture as a microphone would (append k leaves when its 20 ms have been spoken),
 * then silence until {@code response.done}, and timestamps the events it gets. Its own virtual thread sends
 * frames built before the run ({@link LeanSocket}); the socket's reading thread receives.
 */
final class SessionRun implements Runnable {
    private static final long SILENCE_MS = 500;
    private static final long STOP_WINDOW_FROM = TimeUnit.MILLISECONDS.toNanos(400);
    private static final long STOP_WINDOW_TO = TimeUnit.MILLISECONDS.toNanos(600);

    private final int port;
    private final List<byte[]> appends;
    private final byte[] silence;
    private final long startAt;
    private final long speechEnd;
    private volatile int stoppedCount;
    private volatile long stoppedAt;
    private volatile long firstAudioAt;
    private volatile int doneCount;
    private volatile String why = "";
    private long lateNearStop;
    private final long[] sentAt = new long[4096];
    private volatile long audioEndMs = -1;

    SessionRun(int port, Fixture fixture, List<byte[]> appends, byte[] silence, long startAt) {
        this.port = port;
        this.appends = appends;
        this.silence = silence;
        this.startAt = startAt;
        this.speechEnd = startAt + TimeUnit.MILLISECONDS.toNanos(fixture.speechEndMs());
    }

    @Override
    public void run() {
        LeanSocket ws;
        try {
            ws = LeanSocket.open(port, this::onText);
        } catch (Exception e) {
            why = "connect failed: " + e;
            return;
        }
        try (ws) {
            int k = 0;
            for (byte[] append : appends) {
                send(ws, append, startAt + ++k * LoadGen.chunkNanos());
            }
            long deadline = speechEnd + LoadGen.tail().toNanos();
            while (doneCount == 0 && System.nanoTime() < deadline) {
                send(ws, silence, startAt + ++k * LoadGen.chunkNanos());
            }
        } catch (Exception e) {
            why = "send failed: " + e;
        }
    }

    /** Sends an append at its time, noting how late it left when it is one of those that can end the turn. */
    private void send(LeanSocket ws, byte[] append, long scheduled) throws Exception {
        LoadGen.at(scheduled);
        int k = (int) ((scheduled - startAt) / LoadGen.chunkNanos()) - 1;
        if (k < sentAt.length) {
            sentAt[k] = System.nanoTime();
        }
        ws.send(append);
        long sinceSpeech = scheduled - speechEnd;
        if (sinceSpeech >= STOP_WINDOW_FROM && sinceSpeech <= STOP_WINDOW_TO) {
            lateNearStop = Math.max(lateNearStop, System.nanoTime() - scheduled);
        }
    }

    /**
     * @return how late, at worst, this generator sent the appends that can end the turn (400–600 ms after the
     *         speech): time the engine could not have answered in, however fast it is
     */
    long lateNearStop() {
        return lateNearStop;
    }

    /**
     * @return from the moment this generator sent the append that completed the frame on which the turn could end,
     *         to {@code speech_stopped}: the engine's share of the turn's end, whatever the generator's own delays
     */
    long stoppedAfterTriggerSent() {
        // the stop comes on the first 32 ms frame ending 500 ms after audio_end_ms; the 24 -> 16 kHz filter
        // needs 33 input samples (1.375 ms) beyond a frame's end; appends are 20 ms
        long frameEnd = (audioEndMs + SILENCE_MS + 31) / 32 * 32;
        int chunk = (int) ((frameEnd * 1000 + 1375) / 20_000);
        return stoppedAt - sentAt[chunk];
    }

    boolean valid() {
        if (!why.isEmpty()) {
            return false;
        }
        String problem = stoppedCount != 1 ? "speech_stopped x" + stoppedCount
                : stoppedAt < speechEnd ? "speech_stopped before the speech ended"
                : firstAudioAt == 0 ? "no audio" : doneCount != 1 ? "response.done x" + doneCount : "";
        why = problem;
        return problem.isEmpty();
    }

    String why() {
        return why;
    }

    long stoppedAfterSpeechEnd() {
        return stoppedAt - speechEnd;
    }

    long audioAfterSpeechEnd() {
        return firstAudioAt - speechEnd;
    }

    private void onText(String text) {
        long now = System.nanoTime();
        int i = text.indexOf("\"type\":\"") + 8;
        String type = text.substring(i, text.indexOf('"', i));
        switch (type) {
            case "input_audio_buffer.speech_stopped" -> {
                stoppedCount++;
                stoppedAt = now;
                int at = text.indexOf("\"audio_end_ms\":") + 15;
                int end = at;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                audioEndMs = Long.parseLong(text, at, end, 10);
            }
            case "response.output_audio.delta" -> {
                if (firstAudioAt == 0) {
                    firstAudioAt = now;
                }
            }
            case "response.done" -> doneCount++;
            default -> {
            }
        }
    }
}
