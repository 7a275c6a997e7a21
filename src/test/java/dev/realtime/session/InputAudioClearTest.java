package dev.realtime.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.Pcm16;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** {@code input_audio_buffer.clear} with server VAD: what was cleared is gone for the VAD and the transcriber too. */
class InputAudioClearTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A level no sample of the fixture's leading silence has: a steady hum, below what the VAD calls speech. */
    private static final short CLEARED_LEVEL = 1234;

    private static ScriptedSttEngine stt;
    private static SessionServer server;

    @BeforeAll
    static void start() {
        stt = new ScriptedSttEngine();
        server = SessionServer.start(Map.of("STT_PROVIDER", "openai-compatible",
                                            "STT_BASE_URL", "http://127.0.0.1:9/v1"), stt);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void speechRightAfterAClearIsNotPaddedWithTheClearedAudio() throws Exception {
        try (WsTestClient c = WsTestClient.connect(server.wsUri(), SessionServer.API_KEY)) {
            c.await("session.created");
            short[] hum = new short[AudioFormat.PCM16.rate() / 2]; // 500 ms
            Arrays.fill(hum, CLEARED_LEVEL);
            byte[] bytes = Pcm16.toBytes(hum, 0, hum.length);
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                           + Base64.getEncoder().encodeToString(bytes) + "\"}");
            c.send("{\"type\":\"input_audio_buffer.clear\"}");
            c.await("input_audio_buffer.cleared");
            // the fixture's speech starts 227 ms in: its prefix padding (300 ms) reaches back before the clear
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 0, 1000)) {
                c.send(append);
            }
            c.await("input_audio_buffer.committed");
            ScriptedSttStream stream = stt.awaitOpened(WAIT);
            stream.awaitCommit(WAIT).orElseThrow();

            List<Short> heard = stream.heard();
            long cleared = heard.stream().filter(s -> Math.abs(s - CLEARED_LEVEL) < 100).count();
            // the resampler's group delay carries the hum's last few milliseconds over (about 150 samples); the
            // prefix padding replayed from before the clear was over 1,000 samples of it
            assertThat(heard.isEmpty(), is(false));
            assertThat("samples of the cleared hum the transcriber heard", cleared, lessThan(320L));
        }
    }
}
