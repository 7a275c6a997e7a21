package dev.realtime.protocol;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionUpdateTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SessionConfig base = SessionConfig.defaults("sess_1", "realtime", "m", "Be nice.", "marin", 100);

    private static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void gaUpdateRequiresType() {
        ProtocolException e = assertThrows(ProtocolException.class,
                                           () -> SessionUpdate.apply(base, json("{\"instructions\":\"x\"}"),
                                                                     Dialect.GA, true));
        assertThat(e.error().code(), is(Optional.of("missing_required_parameter")));
        assertThat(e.error().param(), is(Optional.of("session.type")));
    }

    @Test
    void partialTurnDetectionIsDeepMerged() {
        SessionConfig first = SessionUpdate.apply(base, json(
                "{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":{\"silence_duration_ms\":800}}}}"),
                                                  Dialect.GA, true);
        TurnDetection td = first.turnDetection().orElseThrow();
        assertThat(td.silenceDurationMs(), is(800));
        assertThat(td.threshold(), is(0.5));
        assertThat(td.createResponse(), is(true));
        SessionConfig second = SessionUpdate.apply(first, json(
                "{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":{\"threshold\":0.7}}}}"),
                                                   Dialect.GA, true);
        assertThat(second.turnDetection().orElseThrow().silenceDurationMs(), is(800));
        assertThat(second.turnDetection().orElseThrow().threshold(), is(0.7));
        SessionConfig manual = SessionUpdate.apply(second, json(
                "{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null}}}"), Dialect.GA, true);
        assertThat(manual.turnDetection(), is(Optional.empty()));
    }

    @Test
    void gaFieldsApply() {
        SessionConfig s = SessionUpdate.apply(base, json(
                "{\"type\":\"realtime\",\"instructions\":\"\",\"output_modalities\":[\"text\"],"
                        + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":"
                        + "{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"},"
                        + "\"max_output_tokens\":300,\"tracing\":\"auto\",\"audio\":{\"input\":{\"format\":"
                        + "{\"type\":\"audio/pcmu\"},\"noise_reduction\":null,\"transcription\":{\"model\":"
                        + "\"gpt-4o-mini-transcribe\"},\"turn_detection\":{\"type\":\"semantic_vad\"}},\"output\":"
                        + "{\"voice\":\"cedar\",\"speed\":1.2,\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}}}}"),
                                              Dialect.GA, true);
        assertThat(s.instructions(), is(""));
        assertThat(s.outputModalities(), is(List.of("text")));
        assertThat(s.tools().getFirst().name(), is("get_weather"));
        assertThat(s.toolChoice(), is(ToolChoice.function("get_weather")));
        assertThat(s.maxOutputTokens(), is(TokenLimit.of(300)));
        assertThat(s.inputFormat(), is(AudioFormat.PCMU));
        assertThat(s.voice(), is("cedar"));
        assertThat(s.speed(), is(1.2));
        assertThat(s.transcription().orElseThrow().model(), is("gpt-4o-mini-transcribe"));
        assertThat(s.turnDetection().orElseThrow().semantic(), is(true));
        assertThat(s.tracing().asText(), is("auto"));
    }

    @Test
    void betaFieldsApply() {
        SessionConfig s = SessionUpdate.apply(base, json(
                "{\"modalities\":[\"text\",\"audio\"],\"voice\":\"alloy\",\"input_audio_format\":\"g711_alaw\","
                        + "\"output_audio_format\":\"pcm16\",\"input_audio_transcription\":{\"model\":\"whisper-1\"},"
                        + "\"turn_detection\":{\"type\":\"server_vad\"},\"tools\":[],\"tool_choice\":\"auto\","
                        + "\"temperature\":0.8,\"max_response_output_tokens\":4096,\"instructions\":\"hi\"}"),
                                              Dialect.BETA, true);
        assertThat(s.outputModalities(), is(List.of("text", "audio")));
        assertThat(s.inputFormat(), is(AudioFormat.PCMA));
        assertThat(s.temperature().getAsDouble(), is(0.8));
        assertThat(s.maxOutputTokens(), is(TokenLimit.of(4096)));
        assertThat(s.instructions(), is("hi"));
    }

    @Test
    void invalidUpdateChangesNothingAndNamesTheField() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> SessionUpdate.apply(base, json(
                "{\"type\":\"realtime\",\"instructions\":\"changed\",\"audio\":{\"input\":{\"format\":"
                        + "{\"type\":\"audio/pcm\",\"rate\":16000}}}}"), Dialect.GA, true));
        assertThat(e.error().param(), is(Optional.of("session.audio.input.format.rate")));
        assertThat(base.instructions(), is("Be nice."));
    }

    @Test
    void unknownKeysAreRejectedButDocumentedOnesAccepted() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> SessionUpdate.apply(
                base, json("{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\",\"name\":\"a\",\"meta\":1}]}"),
                Dialect.GA, true));
        assertThat(e.error().code(), is(Optional.of("unknown_parameter")));
        assertThat(e.error().param(), is(Optional.of("session.tools[0].meta")));
        SessionConfig s = SessionUpdate.apply(base, json(
                "{\"type\":\"realtime\",\"prompt\":null,\"truncation\":\"auto\",\"parallel_tool_calls\":true,"
                        + "\"include\":null,\"reasoning\":{\"effort\":\"low\"}}"), Dialect.GA, true);
        assertThat(s.instructions(), is("Be nice."));
    }

    @Test
    void sessionTypeCannotChange() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> SessionUpdate.apply(
                base, json("{\"type\":\"transcription\"}"), Dialect.GA, true));
        assertThat(e.error().param(), is(Optional.of("session.type")));
    }
}
