package dev.realtime.session;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Server VAD turns from real speech: a flite utterance padded with silence is streamed in 20 ms appends, and the
 * session reports one speech start and one stop at the right places on the input-audio clock, then commits the
 * turn into a user item.
 */
class VoiceTurnTest {
    private static final int LEAD_MS = 800;
    private static final int TAIL_MS = 1200;

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of("STT_PROVIDER", "none"));

    private static void turn(AudioFormat format, String sessionFormat) throws Exception {
        SpeechFixture speech = SpeechFixture.load("what-time.wav");
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{"
                           + "\"format\":" + sessionFormat + ",\"turn_detection\":{\"create_response\":false}}}}}");
            c.await("session.updated");
            for (String append : speech.appends(format, LEAD_MS, TAIL_MS)) {
                c.send(append);
            }
            JsonNode started = c.await("input_audio_buffer.speech_started");
            JsonNode stopped = c.next();
            assertThat(stopped.path("type").asText(), is("input_audio_buffer.speech_stopped"));
            String itemId = started.path("item_id").asText();
            assertThat(stopped.path("item_id").asText(), is(itemId));
            long startMs = started.path("audio_start_ms").asLong();
            long endMs = stopped.path("audio_end_ms").asLong();
            // flite leaves some silence inside the file: speech begins at or after the padding, and the reported
            // start includes the 300 ms prefix padding
            assertThat(startMs, greaterThanOrEqualTo((long) LEAD_MS - 300 - 32));
            assertThat(startMs, lessThanOrEqualTo((long) LEAD_MS + 400));
            // the silence is counted from where the sound ends, not from where Silero's probability trails off
            long spokenEnd = LEAD_MS + speech.speechEndMs();
            assertThat(endMs, lessThanOrEqualTo(spokenEnd + 16));
            assertThat(endMs, greaterThanOrEqualTo(spokenEnd - 16));
            List<JsonNode> commit = List.of(c.next(), c.next(), c.next());
            assertThat(commit.get(0).path("type").asText(), is("input_audio_buffer.committed"));
            assertThat(commit.get(0).path("item_id").asText(), is(itemId));
            assertThat(commit.get(1).path("type").asText(), is("conversation.item.added"));
            assertThat(commit.get(1).path("item").path("content").get(0).path("type").asText(), is("input_audio"));
            assertThat(commit.get(2).path("type").asText(), is("conversation.item.done"));
            c.send(Events.retrieve(itemId));
            JsonNode audio = c.await("conversation.item.retrieved").path("item").path("content").get(0);
            int bytes = Base64.getDecoder().decode(audio.path("audio").asText()).length;
            long heldMs = bytes * 1000L / (format.rate() * format.bytesPerSample());
            assertThat(heldMs, greaterThanOrEqualTo(endMs - startMs));
        }
    }

    @Test
    void pcm16TurnIsDetectedAndCommitted() throws Exception {
        turn(AudioFormat.PCM16, "{\"type\":\"audio/pcm\",\"rate\":24000}");
    }

    @Test
    void ulawTurnIsDetectedAndCommitted() throws Exception {
        turn(AudioFormat.PCMU, "{\"type\":\"audio/pcmu\"}");
    }

    @Test
    void silenceIsNotATurn() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            String silence = "{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                    + Base64.getEncoder().encodeToString(new byte[960]) + "\"}";
            for (int i = 0; i < 100; i++) {
                c.send(silence);
            }
            c.send(Events.clear());
            assertThat(c.await("input_audio_buffer.cleared").path("type").asText(), is("input_audio_buffer.cleared"));
            assertThat(c.types().contains("input_audio_buffer.speech_started"), is(false));
        }
    }
}
