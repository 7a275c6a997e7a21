package dev.realtime.session;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.deepgram.FakeDeepgramServer;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tts.deepgram.FakeDeepgramSpeakServer;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Spoken responses through the cloud speech adapters against wire-faithful fakes: the audio the client decodes
 * is exactly what the fake synthesised, the transcript adds up to the text, and speech interrupts.
 */
class VoiceOutTest {
    private static final String USER_TEXT = Events.userText("Talk to me.").toString();

    private static List<JsonNode> speakTurn(TestEngine engine) throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(USER_TEXT);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            return c.until("response.done");
        }
    }

    private static long audioBytes(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
    }

    private static String transcript(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("response.output_audio_transcript.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
    }

    @Test
    void openAiCompatibleSpeechAudioIsExactlyWhatTheServerProduced() throws Exception {
        try (FakeChatServer llm = FakeChatServer.start();
             FakeSpeechServer speech = FakeSpeechServer.start();
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of(
                     "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", speech.baseUrl().toString(),
                     "TTS_MODEL", "gpt-4o-mini-tts"))) {
            llm.enqueue(FakeChatScript.text("Hello there, my good friend. ", "How are you today?"));
            List<JsonNode> events = speakTurn(engine);
            long produced = speech.requests().stream().mapToLong(FakeSpeechServer.Request::producedSamples).sum();
            assertThat(audioBytes(events), is(produced * 2));
            assertThat(transcript(events), is("Hello there, my good friend. How are you today?"));
            assertThat(speech.requests().size() >= 2, is(true));
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
        }
    }

    @Test
    void deepgramListenAndSpeakReuseOneSpeakConnection() throws Exception {
        try (FakeDeepgramServer listen = FakeDeepgramServer.start("dg")
                .script("What time is it?", "What time is it now?");
             FakeDeepgramSpeakServer speak = FakeDeepgramSpeakServer.start("dg");
             TestEngine engine = TestEngine.start(Map.of(
                     "DEEPGRAM_API_KEY", "dg", "DEEPGRAM_BASE_URL", listen.baseUrl().toString(),
                     "DEEPGRAM_TTS_BASE_URL", speak.baseUrl().toString()));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            long received = 0;
            for (int turn = 0; turn < 2; turn++) {
                for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 300, 900)) {
                    c.send(append);
                }
                List<JsonNode> events = c.until("response.done");
                assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
                received += audioBytes(events);
            }
            assertThat(speak.connections().size(), is(1));
            long produced = speak.connections().getFirst().produced().stream().mapToLong(Integer::longValue).sum();
            assertThat(produced > 0, is(true));
            assertThat(received, is(produced * 2));
        }
    }

    @Test
    void clientTruncateIsValidatedAgainstTheItemsAudio() throws Exception {
        try (FakeChatServer llm = FakeChatServer.start();
             FakeSpeechServer speech = FakeSpeechServer.start();
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of(
                     "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", speech.baseUrl().toString()));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            llm.enqueue(FakeChatScript.text("One two three four five six. Seven eight nine ten."));
            c.await("session.created");
            c.send(USER_TEXT);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            String itemId = events.getLast().path("response").path("output").get(0).path("id").asText();
            long ms = audioBytes(events) / 48;
            c.send(Events.truncate(itemId, 0, ms + 100));
            assertThat(c.await("error").path("error").path("param").asText(), is("audio_end_ms"));
            long cut = ms * 3 / 10;
            c.send(Events.truncate(itemId, 0, cut));
            JsonNode truncated = c.await("conversation.item.truncated");
            assertThat(truncated.path("audio_end_ms").asLong(), is(cut));
            c.send(Events.retrieve(itemId));
            String heard = c.await("conversation.item.retrieved").path("item").path("content").get(0)
                    .path("transcript").asText();
            assertThat(heard.isEmpty(), is(false));
            assertThat("One two three four five six. Seven eight nine ten.".startsWith(heard), is(true));
            assertThat(heard.length(), lessThan("One two three four five six.".length()));
        }
    }

    @Test
    void bargeInCancelsTruncatesAndSilencesTheResponse() throws Exception {
        try (FakeChatServer llm = FakeChatServer.start();
             FakeSpeechServer speech = FakeSpeechServer.start().chunkDelay(Duration.ofMillis(40));
             TestEngine engine = TestEngine.withLlm(llm.baseUrl(), Map.of(
                     "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", speech.baseUrl().toString()));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            llm.enqueue(FakeChatScript.text("This is the first sentence of a very long answer. "
                                                    + "Here comes a second sentence that nobody will hear. "
                                                    + "And a third one, longer still, to keep talking."));
            c.await("session.created");
            c.send(USER_TEXT);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            String itemId = c.await("response.output_audio.delta").path("item_id").asText();
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 0, 0)) {
                c.send(append);
            }
            List<JsonNode> events = c.until("response.done");
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("cancelled"));
            assertThat(done.path("status_details").path("reason").asText(), is("turn_detected"));
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("response.done")).count(), is(1L));
            List<JsonNode> after = c.drain(Duration.ofMillis(400));
            assertThat(after.stream().noneMatch(e -> e.path("type").asText().startsWith("response.output_audio")),
                       is(true));
            c.send(Events.retrieve(itemId));
            JsonNode item = c.await("conversation.item.retrieved").path("item");
            assertThat(item.path("status").asText(), is("incomplete"));
            String heard = item.path("content").get(0).path("transcript").asText();
            assertThat(heard.length(), lessThan("This is the first sentence of a very long answer. Here comes"
                                                        .length()));
        }
    }
}
