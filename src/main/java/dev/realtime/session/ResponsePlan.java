package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ToolSpec;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ResponseInfo;
import dev.realtime.protocol.ResponseParams;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.TokenLimit;

/**
 * What one {@code response.create} resolves to: the session's settings overridden by the event's, as the response
 * object the client sees and the request the model gets. Pure; built on the session loop.
 *
 * @param info    the response object, in progress
 * @param request the model request
 */
record ResponsePlan(ResponseInfo info, ChatRequest request) {

    static ResponsePlan of(ResponseParams p, SessionConfig session, Conversation conversation,
                           String conversationId, ContextWindow window, List<ToolSpec> serverTools) {
        List<Item> items = p.input().map(input -> resolve(input, conversation)).orElseGet(conversation::items);
        String instructions = p.instructions().orElse(session.instructions());
        List<ToolSpec> tools = new ArrayList<>(p.tools().orElse(session.tools()).stream()
                .map(t -> new ToolSpec(t.name(), t.description(), t.parameters())).toList());
        tools.addAll(serverTools);
        TokenLimit limit = p.maxOutputTokens().orElse(session.maxOutputTokens());
        OptionalDouble temperature = p.temperature().isPresent() ? p.temperature() : session.temperature();
        ChatRequest request = new ChatRequest(window.messages(instructions, items), tools,
                                              Optional.of(p.toolChoice().orElse(session.toolChoice())
                                                                  .asChatChoice()),
                                              temperature,
                                              limit.max().isPresent() ? limit.max() : OptionalInt.empty());
        ResponseInfo info = new ResponseInfo(Ids.response(), ResponseInfo.Status.IN_PROGRESS, Optional.empty(),
                                             List.of(),
                                             p.outOfBand() ? Optional.empty() : Optional.of(conversationId),
                                             p.outputModalities().orElse(session.outputModalities()), limit,
                                             p.voice().orElse(session.voice()),
                                             p.outputFormat().orElse(session.outputFormat()), temperature,
                                             Optional.empty(), p.metadata());
        return new ResponsePlan(info, request);
    }

    private static List<Item> resolve(List<ResponseParams.ResponseInput> input, Conversation conversation) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            switch (input.get(i)) {
                case ResponseParams.ResponseInput.Inline inline -> items.add(inline.item());
                case ResponseParams.ResponseInput.Reference ref -> {
                    int index = i;
                    items.add(conversation.find(ref.itemId()).orElseThrow(() -> ProtocolException.invalid(
                            "item_not_found", "Item with id '" + ref.itemId() + "' does not exist.",
                            "response.input[" + index + "].id")));
                }
            }
        }
        return items;
    }
}
