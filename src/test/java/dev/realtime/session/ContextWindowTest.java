package dev.realtime.session;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.realtime.llm.ChatMessage;
import dev.realtime.protocol.Content;
import dev.realtime.protocol.Item;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ContextWindowTest {
    private static Item user(String id, String text) {
        return new Item.Message(id, Item.Role.USER, Item.Status.COMPLETED, List.of(new Content.InputText(text)));
    }

    private static Item call(String id, String callId) {
        return new Item.FunctionCall(id, callId, "get_weather", "{}", Item.Status.COMPLETED);
    }

    private static Item output(String id, String callId, String text) {
        return new Item.FunctionCallOutput(id, callId, text, Item.Status.COMPLETED);
    }

    private static List<String> shape(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.role() + ":" + (m.toolCallId().orElse(""))
                + m.toolCalls().stream().map(c -> c.id()).reduce("", String::concat) + ":" + m.content()).toList();
    }

    @Test
    void answerFollowsItsCallEvenWhenTheUserSpokeInBetween() {
        List<Item> items = List.of(user("i1", "weather?"), call("i2", "c1"), user("i3", "hurry up"),
                                   output("i4", "c1", "sunny"));
        List<ChatMessage> messages = new ContextWindow(50, 10_000).messages("", items);
        assertThat(shape(messages), is(List.of("USER::weather?", "ASSISTANT:c1:", "TOOL:c1:sunny",
                                               "USER::hurry up")));
    }

    @Test
    void unansweredCallsAndOrphanAnswersAreLeftOut() {
        List<Item> items = List.of(user("i1", "weather?"), call("i2", "c1"), call("i3", "c2"),
                                   output("i4", "c2", "rain"), output("i5", "gone", "x"), user("i6", "thanks"));
        List<ChatMessage> messages = new ContextWindow(50, 10_000).messages("Be brief.", items);
        assertThat(shape(messages), is(List.of("SYSTEM::Be brief.", "USER::weather?", "ASSISTANT:c2:",
                                               "TOOL:c2:rain", "USER::thanks")));
    }
}
