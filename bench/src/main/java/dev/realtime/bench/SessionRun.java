package dev.realtime.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One load session: streams the fixture as a microphone would (append k leaves when its 20 ms have been spoken),
 * then silence until {@code response.done}, and timestamps the events it gets. Its own virtual thread sends;
 * the WebSocket's thread receives.
 */
final class SessionRun implements Runnable, WebSocket.Listener {
    private static final long SILENCE_MS = 500;
    private static final long STOP_WINDOW_FROM = TimeUnit.MILLISECONDS.toNanos(400);
    private static final long STOP_WINDOW_TO = TimeUnit.MILLISECONDS.toNanos(600);

    private final HttpClient http;
    private final URI uri;
    private final Fixture fixture;
    private final long startAt;
    private final long speechEnd;
    private final StringBuilder text = new StringBuilder();
    private volatile int stoppedCount;
    private volatile long stoppedAt;
    private volatile long firstAudioAt;
    private volatile int doneCount;
    private volatile String why = "";
    private long lateNearStop;
    private final long[] sentAt = new long[4096];
    private volatile long audioEndMs = -1;

    SessionRun(HttpClient http, URI uri, Fixture fixture, long startAt) {
        this.http = http;
        this.uri = uri;
        this.fixture = fixture;
        this.startAt = startAt;
        this.speechEnd = startAt + TimeUnit.MILLISECONDS.toNanos(fixture.speechEndMs());
    }

    @Override
    public void run() {
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().header("Authorization", "Bearer bench").buildAsync(uri, this)
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            why = "connect failed: " + e;
            return;
        }
        try {
            int k = 0;
            for (String append : fixture.appends()) {
                send(ws, append, startAt + ++k * LoadGen.chunkNanos());
            }
            long deadline = speechEnd + LoadGen.tail().toNanos();
            while (doneCount == 0 && System.nanoTime() < deadline) {
                send(ws, fixture.silence(), startAt + ++k * LoadGen.chunkNanos());
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            why = "send failed: " + e;
        } finally {
            ws.abort();
        }
    }

    /** Sends an append at its time, noting how late it left when it is one of those that can end the turn. */
    private void send(WebSocket ws, String append, long scheduled) throws Exception {
        LoadGen.at(scheduled);
        int k = (int) ((scheduled - startAt) / LoadGen.chunkNanos()) - 1;
        if (k < sentAt.length) {
            sentAt[k] = System.nanoTime();
        }
        ws.sendText(append, true).get(10, TimeUnit.SECONDS);
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

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            long now = System.nanoTime();
            int i = text.indexOf("\"type\":\"") + 8;
            String type = text.substring(i, text.indexOf("\"", i));
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
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }
}
