package dev.realtime.llm;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChunkDecoderTest {

    private final ChunkDecoder decoder = new ChunkDecoder();

    @Test
    void decodesContentAndSkipsEmptyOrNullContent() {
        assertThat(decode(FakeChunks.content("It is")), contains(new ChatChunk.Text("It is")));
        assertThat(decode(FakeChunks.role()), is(empty()));
        assertThat(decode(FakeChunks.deltaField("reasoning", "thinking...")), is(empty()));
        assertThat(decode("{\"choices\":[{\"index\":0,\"delta\":{}}]}"), is(empty()));
    }

    @Test
    void ignoresEveryReasoningField() {
        String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Yes\",\"reasoning\":\"r\","
                + "\"reasoning_content\":\"rc\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"d\"}]},"
                + "\"finish_reason\":null}],\"provider\":\"x\",\"unknown\":{\"deep\":[1,2]}}";
        assertThat(decode(chunk), contains(new ChatChunk.Text("Yes")));
    }

    @Test
    void decodesToolCallFragmentsAndCutsChannelSuffixFromNames() {
        assertThat(decode(FakeChunks.toolCall(1, "call_9", "get_weather<|channel|>commentary", "")),
                   contains(new ChatChunk.ToolCallDelta(1, Optional.of("call_9"), Optional.of("get_weather"), "")));
        assertThat(decode(FakeChunks.toolCall(1, null, null, "{\"city\"")),
                   contains(new ChatChunk.ToolCallDelta(1, Optional.empty(), Optional.empty(), "{\"city\"")));
    }

    @Test
    void decodesFinishThenUsageInOrder() {
        String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
        assertThat(decode(chunk), contains(new ChatChunk.Text("!"), new ChatChunk.Finish("stop"),
                                           new ChatChunk.UsageReport(new Usage(3, 1, 4))));
        assertThat(decoder.sawFinish(), is(true));
    }

    @Test
    void decodesUsageChunkWithoutChoicesAndGroqUsage() {
        assertThat(decode(FakeChunks.usage(31, 9)), contains(new ChatChunk.UsageReport(new Usage(31, 9, 40))));
        assertThat(decode(FakeChunks.groqFinishWithUsage("stop", 5, 2)),
                   contains(new ChatChunk.Finish("stop"), new ChatChunk.UsageReport(new Usage(5, 2, 7))));
    }

    @Test
    void releasesHeldBackTextBeforeFinish() {
        assertThat(decode(FakeChunks.content("a <")), contains(new ChatChunk.Text("a ")));
        assertThat(decode(FakeChunks.finish("stop")), contains(new ChatChunk.Text("<"), new ChatChunk.Finish("stop")));
    }

    @Test
    void errorPayloadBecomesException() {
        ChatException e = failure(FakeChunks.openAiError("The server had an error", "server_error", null));
        assertThat(e.kind(), is(ChatException.Kind.SERVER));
        assertThat(e.getMessage(), containsString("The server had an error"));

        ChatException limited = failure(FakeChunks.openAiError("slow down", "tokens", "rate_limit_exceeded"));
        assertThat(limited.kind(), is(ChatException.Kind.RATE_LIMIT));
        assertThat(limited.code(), is(Optional.of("rate_limit_exceeded")));
    }

    @Test
    void openRouterErrorChunkBecomesExceptionWithItsStatus() {
        ChatException e = failure(FakeChunks.openRouterErrorChunk(502, "Network connection lost."));
        assertThat(e.kind(), is(ChatException.Kind.SERVER));
        assertThat(e.status(), is(OptionalInt.of(502)));
        assertThat(e.getMessage(), containsString("Network connection lost."));
        assertThat(failure(FakeChunks.finish("error")).kind(), is(ChatException.Kind.SERVER));
    }

    @Test
    void malformedPayloadIsABrokenStream() {
        assertThat(failure("{\"choices\":[").kind(), is(ChatException.Kind.BROKEN_STREAM));
        assertThat(failure("[1,2]").kind(), is(ChatException.Kind.BROKEN_STREAM));
    }

    @Test
    void namedErrorEventIsAnError() {
        ChatException e = assertThrows(ChatException.class,
                                       () -> decoder.decode(new SseDecoder.Event("error", "{\"message\":\"boom\"}")));
        assertThat(e.getMessage(), containsString("boom"));
    }

    private List<ChatChunk> decode(String data) {
        return decoder.decode(new SseDecoder.Event("", data));
    }

    private ChatException failure(String data) {
        return assertThrows(ChatException.class, () -> decode(data));
    }
}
