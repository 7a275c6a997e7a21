package dev.realtime.llm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OfflineResponderTest {

    private final OfflineResponder responder = OfflineResponder.create(
            Clock.fixed(Instant.parse("2026-03-03T14:05:00Z"), ZoneId.of("Europe/Paris")));

    @Test
    void streamsTheEchoWordByWordThenFinishAndUsage() {
        List<ChatChunk> chunks = ChatTestSupport.collect(responder.stream(say("  turn   on the lights "))).chunks();
        String answer = "I'm running offline without a language model. I heard: 'turn on the lights'.";
        String[] words = answer.split(" ");
        assertThat(chunks.size(), is(words.length + 2));
        assertThat(chunks.get(0), is(new ChatChunk.Text("I'm ")));
        assertThat(chunks.get(words.length - 1), is(new ChatChunk.Text("lights'.")));
        assertThat(ChatTestSupport.summarize(chunks).text(), is(answer));
        assertThat(chunks.subList(words.length, chunks.size()),
                   contains(new ChatChunk.Finish("stop"),
                            new ChatChunk.UsageReport(new Usage(4, words.length, 4 + words.length))));
    }

    @Test
    void answersIntentsFromTheLastUserMessage() {
        assertThat(answer("What time is it?"), is("I'm running offline without a language model. It is 14:05 UTC."));
        assertThat(answer("what DAY is it"),
                   is("I'm running offline without a language model. Today is Tuesday, 3 March 2026 (UTC)."));
        assertThat(answer("Goodbye!"), is("Goodbye."));
        assertThat(answer("can you help me"), is(OfflineResponder.HELP));
        assertThat(answer("timeless classics"),
                   is("I'm running offline without a language model. I heard: 'timeless classics'."));
    }

    @Test
    void saysItHeardNothingWithoutUserText() {
        ChatRequest onlySystem = ChatRequest.of(List.of(ChatMessage.system("You are helpful."),
                                                        ChatMessage.user("   ")));
        assertThat(ChatTestSupport.collect(responder.stream(onlySystem)).text(), is(OfflineResponder.NOTHING_HEARD));
        ChatRequest none = ChatRequest.of(List.of(ChatMessage.system("You are helpful.")));
        assertThat(ChatTestSupport.collect(responder.stream(none)).text(), is(OfflineResponder.NOTHING_HEARD));
    }

    @Test
    void usesTheLastUserMessageEvenAfterOtherRoles() {
        ChatRequest request = ChatRequest.of(List.of(ChatMessage.user("first"), ChatMessage.assistant("ok"),
                                                     ChatMessage.user("second"), ChatMessage.assistant("fine")));
        assertThat(ChatTestSupport.collect(responder.stream(request)).text(),
                   is("I'm running offline without a language model. I heard: 'second'."));
    }

    @Test
    void closedStreamThrowsCancelled() {
        ChatStream stream = responder.stream(say("hello"));
        assertThat(stream.next(), is(Optional.of(new ChatChunk.Text("I'm "))));
        stream.close();
        stream.close();
        ChatException e = assertThrows(ChatException.class, stream::next);
        assertThat(e.kind(), is(ChatException.Kind.CANCELLED));
        assertThat(e.errorCode(), is("cancelled"));
        assertThat(responder.name(), is("offline"));
    }

    private String answer(String text) {
        return ChatTestSupport.collect(responder.stream(say(text))).text();
    }

    private static ChatRequest say(String text) {
        return ChatRequest.of(List.of(ChatMessage.system("sys"), ChatMessage.user(text)));
    }
}
