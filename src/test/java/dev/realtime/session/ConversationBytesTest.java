package dev.realtime.session;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Item;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The conversation's size follows every insert, replacement and deletion, and counts each item's text once. */
class ConversationBytesTest {
    @Test
    void theSizeFollowsTheItemsAsTheyChange() {
        Conversation conversation = new Conversation();
        Item.Message user = message("item_a", Item.Role.USER, new Content.InputText("x".repeat(1_000)));
        Item.FunctionCall call = new Item.FunctionCall("item_b", "call_1", "lookup", "{\"id\":\"A17\"}",
                                                       Item.Status.COMPLETED);
        conversation.insert(user, Optional.empty());
        conversation.insert(call, Optional.of(Conversation.ROOT));
        assertThat(conversation.bytes(), is(ItemBytes.of(user) + ItemBytes.of(call)));
        assertThat(ItemBytes.of(user) >= 1_000 + ItemBytes.OVERHEAD, is(true));

        Item.Message longer = message("item_a", Item.Role.USER, new Content.InputAudio(
                Optional.of("A".repeat(4_000)), Optional.of("hello")));
        conversation.replace(longer);
        assertThat(conversation.bytes(), is(ItemBytes.of(longer) + ItemBytes.of(call)));
        assertThat(ItemBytes.of(longer) >= 4_005 + ItemBytes.OVERHEAD, is(true));

        conversation.delete("item_b");
        assertThat(conversation.bytes(), is(ItemBytes.of(longer)));
        conversation.replace(call); // deleted meanwhile: nothing changes
        assertThat(conversation.bytes(), is(ItemBytes.of(longer)));
        conversation.delete("item_a");
        assertThat(conversation.bytes(), is(0L));
    }

    private static Item.Message message(String id, Item.Role role, Content content) {
        return new Item.Message(id, role, Item.Status.COMPLETED, List.of(content));
    }
}
