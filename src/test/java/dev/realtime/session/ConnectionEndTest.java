package dev.realtime.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.testing.Events;
import dev.realtime.testing.Metrics;
import dev.realtime.testing.RawWsClient;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Every way a client connection ends gives back what its session held (admission slot, gauge) exactly once, and the
 * client hears the documented close code: abrupt TCP drops (FIN and RST, idle and mid-response), a client that
 * stops reading, an oversize message (one frame, or fragments whose close is never answered), invalid UTF-8.
 */
class ConnectionEndTest {
    private static final String USER_TEXT = Events.userText("Talk to me.").toString();

    @Test
    void abruptDropsGiveEverySlotBack() throws Exception {
        try (FakeChatServer llm = FakeChatServer.start();
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of("MAX_SESSIONS", "5",
                                                                          "TTS_PROVIDER", "none"))) {
            SessionFactory sessions = engine.engine().sessions();
            double droppedBefore = closedTotal(Metrics.scrape(engine), "dropped");
            int midResponse = 0;
            for (int i = 0; i < 50; i++) {
                RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token());
                assertThat("upgrade #" + i, c.status(), is(101));
                c.await("session.created");
                if (i % 4 >= 2) {
                    llm.enqueue(FakeChatScript.text(Duration.ofMillis(300), "One. ", "Two. ", "Three. ", "Four. "));
                    c.sendText("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
                                       + "\"output_modalities\":[\"text\"]}}");
                    c.sendText(USER_TEXT).sendText("{\"type\":\"response.create\"}");
                    c.await("response.output_text.delta");
                    midResponse++;
                }
                if (i % 2 == 0) {
                    c.drop();
                } else {
                    c.reset();
                }
                int drop = i;
                awaitTrue("the slot of drop #" + drop + " is given back", () -> sessions.admittedPlaces() == 0);
            }
            try (WsTestClient again = WsTestClient.connect(engine.wsUri(), engine.token())) {
                again.await("session.created");
            }
            awaitTrue("no session left", () -> sessions.admittedPlaces() == 0 && sessions.openSessions() == 0);
            awaitTrue("realtime_sessions_active back to 0", () -> sessionsActive(engine) == 0);
            // the series is process-wide: a connection of an earlier test may end during this one, never fewer
            assertThat(closedTotal(Metrics.scrape(engine), "dropped") - droppedBefore, greaterThanOrEqualTo(50.0));
            assertThat("every model stream of a dropped response was closed",
                       llm.awaitDisconnects(midResponse, WsTestClient.WAIT), is(true));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAndItsSlotFreed() throws Exception {
        String sentence = "This sentence is long enough to take many seconds of audio to say out loud to you. ";
        try (FakeChatServer llm = FakeChatServer.start();
             FakeSpeechServer speech = FakeSpeechServer.start().msPerChar(400);
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of(
                     "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", speech.baseUrl().toString(),
                     "OUTBOX_CAPACITY", "16", "WS_WRITE_TIMEOUT_MS", "300"));
             RawWsClient c = RawWsClient.connectSmallWindow(engine.wsUri(), engine.token(), 4096)) {
            SessionFactory sessions = engine.engine().sessions();
            double stalledBefore = closedTotal(Metrics.scrape(engine), "stalled");
            llm.enqueue(FakeChatScript.text(sentence.repeat(3), sentence.repeat(3), sentence.repeat(3)));
            c.await("session.created");
            c.sendText(USER_TEXT).sendText("{\"type\":\"response.create\"}");
            // from here on the client reads nothing: minutes of audio back up into the socket buffers
            awaitTrue("the stalled client's slot is freed", () -> sessions.admittedPlaces() == 0);
            assertThat("the server closed the socket", c.awaitEndOfStream(), is(true));
            assertThat(closedTotal(Metrics.scrape(engine), "stalled") - stalledBefore, greaterThanOrEqualTo(1.0));
            awaitTrue("realtime_sessions_active back to 0", () -> sessionsActive(engine) == 0);
        }
    }

    @Test
    void aClientThatAnswersNoPingIsTakenForGone() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("WS_PING_INTERVAL_MS", "300"));
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            double droppedBefore = closedTotal(Metrics.scrape(engine), "dropped");
            c.await("session.created");
            // the raw client reads the pings but never answers them, like a phone that lost its network
            assertThat("the server closed the socket", c.awaitEndOfStream(), is(true));
            awaitTrue("slot freed", () -> engine.engine().sessions().admittedPlaces() == 0);
            assertThat(closedTotal(Metrics.scrape(engine), "dropped") - droppedBefore, greaterThanOrEqualTo(1.0));
        }
    }

    @Test
    void oneOversizeFrameIsRefusedWith1009() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", "65536"));
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            byte[] big = ("{\"type\":\"session.update\",\"session\":{\"instructions\":\"" + "z".repeat(1_000_000)
                    + "\"}}").getBytes(StandardCharsets.UTF_8);
            // the server stops reading at the header; the write goes on beside the reads
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.frame(RawWsClient.TEXT, true, big);
                } catch (IOException e) {
                    // the server may close before the whole frame is written
                }
            });
            RawWsClient.Frame close = c.awaitClose().orElseThrow(() -> new AssertionError("no close frame"));
            assertThat(close.closeCode(), is(1009));
            assertThat(close.closeReason(), containsString("larger than 65536 bytes"));
            writer.join(WsTestClient.WAIT.toMillis());
            c.sendClose(1009);
            assertThat(c.awaitEndOfStream(), is(true));
            awaitTrue("slot freed", () -> engine.engine().sessions().admittedPlaces() == 0);
        }
    }

    @Test
    void theJdkClientSeesClose1009ForAnOversizeMessage() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", "65536"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"instructions\":\"" + "w".repeat(1_000_000) + "\"}}");
            assertThat(c.awaitClose(), is(1009));
            assertThat(c.closeReason(), containsString("larger than 65536 bytes"));
        }
    }

    @Test
    void anOversizeFragmentedMessageWhoseCloseIsNeverAnsweredIsClosed() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", "65536"));
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            byte[] fragment = "y".repeat(16_384).getBytes(StandardCharsets.UTF_8);
            c.frame(RawWsClient.TEXT, false, "{\"type\":\"session.update\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 5; i++) {
                c.frame(RawWsClient.CONTINUATION, false, fragment);
            }
            RawWsClient.Frame close = c.awaitClose().orElseThrow(() -> new AssertionError("no close frame"));
            assertThat(close.closeCode(), is(1009));
            // never answered: the server closes the socket after its close wait, not at the idle timeout
            assertThat(c.awaitEndOfStream(), is(true));
            awaitTrue("slot freed", () -> engine.engine().sessions().admittedPlaces() == 0);
        }
    }

    @Test
    void invalidUtf8IsRefusedWith1007() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of());
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            byte[] json = "{\"type\":\"input_audio_buffer.clear\",\"event_id\":\"??\"}"
                    .getBytes(StandardCharsets.UTF_8);
            json[json.length - 4] = (byte) 0xC3; // a lead byte followed by an ASCII byte
            c.frame(RawWsClient.TEXT, true, json);
            RawWsClient.Frame close = c.awaitClose().orElseThrow(() -> new AssertionError("no close frame"));
            assertThat(close.closeCode(), is(1007));
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsArrivesIntact() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of());
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            byte[] json = ("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
                    + "\"instructions\":\"héllo €\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            int e = indexOf(json, (byte) 0xC3) + 1;  // inside é
            int euro = indexOf(json, (byte) 0xE2) + 2; // inside €
            c.frame(RawWsClient.TEXT, false, slice(json, 0, e));
            c.frame(RawWsClient.CONTINUATION, false, slice(json, e, euro));
            c.frame(RawWsClient.CONTINUATION, true, slice(json, euro, json.length));
            assertThat(c.await("session.updated"), containsString("\"instructions\":\"héllo €\""));
        }
    }

    @Test
    void an8MiBMessageInOneFrameArrivesIntact() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_MESSAGE_BYTES", "16777216"));
             RawWsClient c = RawWsClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            String instructions = "a".repeat(8 * 1024 * 1024) + "-end";
            c.sendText("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\""
                               + instructions + "\"}}");
            String updated = c.await("session.updated");
            assertThat(updated.contains("\"instructions\":\"" + instructions + "\""), is(true));
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static double sessionsActive(TestEngine engine) {
        try {
            return sample(Metrics.scrape(engine), "realtime_sessions_active", Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double closedTotal(String scrape, String reason) {
        return scrape.contains("realtime_ws_closed_total{")
                ? sample(scrape, "realtime_ws_closed_total", Optional.of("reason=\"" + reason + "\"")) : 0;
    }

    private static double sample(String scrape, String name, Optional<String> label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            if (label.map(m.group(1)::contains).orElse(true)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " " + label.orElse("") + " not in the scrape");
    }

    /** Waits for a condition that the engine reaches by itself (a connection's end is seen on its own thread). */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WsTestClient.WAIT.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
