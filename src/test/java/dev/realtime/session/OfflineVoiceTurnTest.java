package dev.realtime.session;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.local.PocketSphinx;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The keyless default end to end: speech in, Silero VAD, local pocketsphinx transcription, the offline responder
 * answering from the transcript.
 */
class OfflineVoiceTurnTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of())
            .assuming(() -> PocketSphinx.load().isPresent(), () -> PocketSphinx.probe().detail());

    @Test
    void spokenQuestionIsTranscribedAndAnswered() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],"
                           + "\"audio\":{\"input\":{\"transcription\":{\"model\":\"whisper-1\"}}}}}");
            c.await("session.updated");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 600, 1000)) {
                c.send(append);
            }
            String itemId = c.await("input_audio_buffer.committed").path("item_id").asText();
            JsonNode completed = c.await("conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("item_id").asText(), is(itemId));
            assertThat(completed.path("transcript").asText(), is("what time is it"));
            assertThat(completed.path("usage").path("type").asText(), is("duration"));
            List<JsonNode> response = c.until("response.done");
            assertThat(response.getFirst().path("type").asText(), is("response.created"));
            String answer = response.getLast().path("response").path("output").get(0).path("content").get(0)
                    .path("text").asText();
            assertThat(answer, containsString("It is"));
            c.send(Events.retrieve(itemId));
            JsonNode item = c.await("conversation.item.retrieved").path("item");
            assertThat(item.path("content").get(0).path("transcript").asText(), is("what time is it"));
        }
    }

    @Test
    void keylessSpeechInSpeechOut() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 600, 1000)) {
                c.send(append);
            }
            List<JsonNode> response = c.until("response.done");
            String transcript = response.stream()
                    .filter(e -> e.path("type").asText().equals("response.output_audio_transcript.delta"))
                    .map(e -> e.path("delta").asText()).reduce("", String::concat);
            assertThat(transcript, containsString("It is"));
            long bytes = response.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                    .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
            assertThat("at least a second of 24 kHz speech", bytes > 48_000, is(true));
        }
    }

    @Test
    void backToBackTurnsKeepTheirOwnAudioEvenInOddChunks() throws Exception {
        try (WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?intent=transcription"),
                                                   engine.token())) {
            c.await("session.created");
            // the second utterance arrives while the first is being transcribed
            for (String append : SpeechFixture.load("kitchen-lights.wav").appends(AudioFormat.PCM16, 400, 900, 961)) {
                c.send(append);
            }
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 0, 1000, 961)) {
                c.send(append);
            }
            JsonNode first = c.await("conversation.item.input_audio_transcription.completed");
            JsonNode second = c.await("conversation.item.input_audio_transcription.completed");
            assertThat(first.path("transcript").asText(), is("please turn on the kitchen lights"));
            assertThat(second.path("transcript").asText(), is("what time is it"));
            assertThat(c.types().stream().filter("input_audio_buffer.speech_started"::equals).count(), is(2L));
            assertThat(c.types().stream().filter("input_audio_buffer.speech_stopped"::equals).count(), is(2L));
        }
    }

    @Test
    void transcriptionSessionGivesCaptionsWithoutResponses() throws Exception {
        try (WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?intent=transcription"),
                                                   engine.token())) {
            JsonNode created = c.await("session.created").path("session");
            assertThat(created.path("type").asText(), is("transcription"));
            for (String append : SpeechFixture.load("weather.wav").appends(AudioFormat.PCM16, 500, 1000)) {
                c.send(append);
            }
            JsonNode completed = c.await("conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("transcript").asText(), is("the weather is nice today"));
            c.send(Events.clear());
            c.await("input_audio_buffer.cleared");
            assertThat(c.types().stream().anyMatch(t -> t.startsWith("response.")), is(false));
        }
    }
}
