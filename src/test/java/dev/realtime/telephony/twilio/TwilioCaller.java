package dev.realtime.telephony.twilio;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A test client that behaves like Twilio on a bidirectional Media Stream, as Twilio documents it: it upgrades with
 * {@code X-Twilio-Signature}, sends {@code connected} and {@code start} (with custom parameters), streams the
 * caller's μ-law as 20 ms {@code media} messages paced at real time, and "plays" what it receives: audio takes its
 * duration, and each {@code mark} is echoed once the audio sent before it has played. A {@code clear} drops what
 * is still to play, and its marks are never echoed. The test thread sends; the WebSocket's thread receives; a
 * player thread plays.
 */
final class TwilioCaller implements WebSocket.Listener, AutoCloseable {
    /**
     * Twilio's signature of {@code wss://engine.example.com/telephony/twilio/media} with the auth token
     * {@code 12345}, made with openssl, not with the code under test:
     * {@code printf '%s' 'wss://engine.example.com/telephony/twilio/media' | openssl dgst -sha1 -hmac 12345 -binary
     * | base64}.
     */
    static final String STREAM_SIGNATURE = "ScO//hf6lbqpDOzoK5QCr5BeEZ8=";
    /** The headers a TLS proxy in front of the engine adds, so Twilio's URL is the one signed above. */
    static final Map<String, String> PROXY = Map.of("X-Forwarded-Proto", "https",
                                                    "X-Forwarded-Host", "engine.example.com");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PIECE = 160;

    private final String streamSid = "MZ" + Long.toHexString(System.nanoTime());
    private final String callSid = "CA" + Long.toHexString(System.nanoTime() + 1);
    private final ReentrantLock sending = new ReentrantLock();
    private final StringBuilder partial = new StringBuilder();
    private final LinkedBlockingQueue<JsonNode> toPlay = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong playedBytes = new AtomicLong();
    private final AtomicLong echoedBytes = new AtomicLong();
    private final ReentrantLock echoLock = new ReentrantLock();
    private final Condition echoed = echoLock.newCondition();
    private final CompletableFuture<Long> firstClear = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> firstAudio = new CompletableFuture<>();
    private final Thread player;
    private volatile long unheardAtClose = -1;
    private WebSocket ws;
    private int sequence;

    private TwilioCaller() {
        player = Thread.ofVirtual().name("twilio-caller-player").start(this::play);
    }

    /**
     * Opens a media stream.
     *
     * @param uri     {@code ws://127.0.0.1:PORT/telephony/twilio/media}
     * @param headers upgrade headers (the signature, proxy headers)
     * @return the caller, connected
     */
    static TwilioCaller dial(URI uri, Map<String, String> headers) {
        TwilioCaller caller = new TwilioCaller();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            caller.ws = builder.buildAsync(uri, caller).join();
        } catch (RuntimeException e) {
            caller.player.interrupt();
            throw e;
        }
        return caller;
    }

    /** {@code connected} then {@code start}, as Twilio begins every stream. */
    void start(Map<String, String> customParameters) {
        ObjectNode connected = JSON.createObjectNode().put("event", "connected").put("protocol", "Call")
                .put("version", "1.0.0");
        send(connected.toString());
        ObjectNode start = envelope("start");
        ObjectNode body = start.putObject("start").put("accountSid", "AC0123").put("streamSid", streamSid)
                .put("callSid", callSid);
        body.putArray("tracks").add("inbound");
        body.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        ObjectNode params = body.putObject("customParameters");
        customParameters.forEach(params::put);
        send(start.toString());
    }

    /** The caller's audio, μ-law at 8 kHz, as 20 ms {@code media} messages at real time. */
    void speak(byte[] ulaw) {
        long next = System.nanoTime();
        for (int from = 0; from < ulaw.length; from += PIECE) {
            byte[] piece = Arrays.copyOfRange(ulaw, from, Math.min(ulaw.length, from + PIECE));
            ObjectNode media = envelope("media");
            media.putObject("media").put("track", "inbound").put("chunk", String.valueOf(from / PIECE + 1))
                    .put("timestamp", String.valueOf(from / 8))
                    .put("payload", Base64.getEncoder().encodeToString(piece));
            send(media.toString());
            next += TimeUnit.MILLISECONDS.toNanos(piece.length / 8);
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** A key pressed. */
    void dtmf(char digit) {
        ObjectNode dtmf = envelope("dtmf");
        dtmf.putObject("dtmf").put("track", "inbound_track").put("digit", String.valueOf(digit));
        send(dtmf.toString());
    }

    /** The call ends on Twilio's side. */
    void stop() {
        ObjectNode stop = envelope("stop");
        stop.putObject("stop").put("accountSid", "AC0123").put("callSid", callSid);
        send(stop.toString());
    }

    /** Anything, for bad-input tests. */
    void send(String text) {
        sending.lock();
        try {
            ws.sendText(text, true).join();
        } finally {
            sending.unlock();
        }
    }

    private ObjectNode envelope(String event) {
        return JSON.createObjectNode().put("event", event).put("sequenceNumber", String.valueOf(++sequence))
                .put("streamSid", streamSid);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message;
            try {
                message = JSON.readTree(partial.toString());
            } catch (JsonProcessingException e) {
                throw new AssertionError("the engine sent a message that is not JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
            received.add(message);
            if ("clear".equals(message.path("event").asText())) {
                generation.incrementAndGet();
                toPlay.clear();
                firstClear.complete(echoedMs());
            } else {
                toPlay.add(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        unheardAtClose = audio.size() - echoedBytes.get();
        closed.complete(statusCode);
        player.interrupt();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        player.interrupt();
    }

    /** Plays what arrives: audio takes its time, a mark is echoed when the audio before it has played. */
    private void play() {
        long playhead = System.nanoTime();
        try {
            while (true) {
                JsonNode message = toPlay.take();
                int heardGeneration = generation.get();
                switch (message.path("event").asText()) {
                    case "media" -> {
                        byte[] piece = Base64.getDecoder().decode(message.path("media").path("payload").asText());
                        audio.writeBytes(piece);
                        firstAudio.complete(null);
                        playhead = Math.max(playhead, System.nanoTime())
                                + TimeUnit.MILLISECONDS.toNanos(piece.length / 8);
                        LockSupport.parkNanos(playhead - System.nanoTime());
                        if (generation.get() == heardGeneration) {
                            playedBytes.addAndGet(piece.length);
                        }
                    }
                    case "mark" -> {
                        if (generation.get() == heardGeneration) {
                            echoLock.lock();
                            try {
                                echoedBytes.set(playedBytes.get());
                                echoed.signalAll();
                            } finally {
                                echoLock.unlock();
                            }
                            ObjectNode echo = envelope("mark");
                            echo.putObject("mark").put("name", message.path("mark").path("name").asText());
                            send(echo.toString());
                        }
                    }
                    default -> {
                    }
                }
                if (Thread.interrupted()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the socket closed under a send: the call is over
        }
    }

    /** The call's CallSid, as the engine logs it. */
    String callSid() {
        return callSid;
    }

    /** Every message received, in order (clears included). */
    List<JsonNode> received() {
        return new ArrayList<>(received);
    }

    /** All the assistant audio played so far (μ-law). */
    byte[] audio() {
        return audio.toByteArray();
    }

    /** Completes when the first audio has arrived and started playing. */
    CompletableFuture<Void> firstAudio() {
        return firstAudio;
    }

    /** Milliseconds of audio whose marks have been echoed. */
    long echoedMs() {
        return echoedBytes.get() / 8;
    }

    /**
     * Waits until the marks of at least {@code ms} of audio have been echoed.
     *
     * @throws AssertionError when that takes longer than {@code timeout}
     */
    void awaitEchoed(long ms, Duration timeout) throws InterruptedException {
        awaitEchoed(ms, false, timeout);
    }

    /**
     * Waits until at least {@code ms} of audio have arrived and everything that arrived has played and its marks
     * have been echoed.
     *
     * @throws AssertionError when that takes longer than {@code timeout}
     */
    void awaitAllEchoed(long ms, Duration timeout) throws InterruptedException {
        awaitEchoed(ms, true, timeout);
    }

    private void awaitEchoed(long ms, boolean all, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        echoLock.lock();
        try {
            while (echoedMs() < ms || all && (echoedBytes.get() != audio.size()
                    || !"mark".equals(received.getLast().path("event").asText()))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + echoedMs() + " ms of audio played and marked within "
                            + timeout + ", waiting for " + ms + "; received " + received.size() + " messages");
                }
                echoed.awaitNanos(left);
            }
        } finally {
            echoLock.unlock();
        }
    }

    /** Completes with {@link #echoedMs()} as it was when the first clear arrived. */
    CompletableFuture<Long> firstClear() {
        return firstClear;
    }

    /** Bytes of audio received but not yet played and marked when the engine's close arrived (-1 before it). */
    long unheardAtClose() {
        return unheardAtClose;
    }

    /** Completes with the close code when the engine closes the stream. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        player.interrupt();
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        ws.abort();
    }
}
