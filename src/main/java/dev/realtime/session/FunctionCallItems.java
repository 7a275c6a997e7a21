package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.llm.ToolCall;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.session.run.StreamedCall;

/**
 * The tool calls of one response as the client sees them. A client tool call becomes a {@code function_call}
 * output item with its argument deltas, {@code .done} and item events. A server tool call and its result become
 * conversation items only: a completed {@code function_call} output item is the client's cue to run the function
 * (the Agents SDK does exactly that), and the engine runs these itself. Used on the session loop only.
 */
final class FunctionCallItems {
    private static final String CANCELLED = "{\"error\":\"cancelled: the response ended before the tool answered\"}";

    private final String responseId;
    private final Emitter emitter;
    private final ResponseSink sink;
    private final List<Item> output;
    private final List<String> pendingServerCalls = new ArrayList<>();

    /**
     * @param responseId the response
     * @param emitter    where the client's events go
     * @param sink       where the response's items go
     * @param output     the response's output items, shared with its messages; a client call is appended
     */
    FunctionCallItems(String responseId, Emitter emitter, ResponseSink sink, List<Item> output) {
        this.responseId = responseId;
        this.emitter = emitter;
        this.sink = sink;
        this.output = output;
    }

    /** A call for the client to perform: a new output item of the response. */
    void clientCall(StreamedCall streamed) {
        ToolCall call = streamed.call();
        String itemId = Ids.item();
        int index = output.size();
        Item.FunctionCall started = new Item.FunctionCall(itemId, call.id(), call.name(), "", Item.Status.IN_PROGRESS);
        output.add(started);
        emitter.emit(new ServerEvent.OutputItemAdded(responseId, index, started));
        sink.itemAdded(started);
        for (String fragment : streamed.fragments()) {
            emitter.emit(new ServerEvent.ArgumentsDelta(responseId, itemId, index, call.id(), fragment));
        }
        emitter.emit(new ServerEvent.ArgumentsDone(responseId, itemId, index, call.id(), call.name(),
                                                   call.arguments()));
        Item.FunctionCall done = new Item.FunctionCall(itemId, call.id(), call.name(), call.arguments(),
                                                       Item.Status.COMPLETED);
        output.set(index, done);
        emitter.emit(new ServerEvent.OutputItemDone(responseId, index, done));
        sink.itemDone(done);
    }

    /** A call the engine performs: a conversation item, answered later by {@link #serverOutput}. */
    void serverCall(StreamedCall streamed) {
        ToolCall call = streamed.call();
        pendingServerCalls.add(call.id());
        sink.conversationItem(new Item.FunctionCall(Ids.item(), call.id(), call.name(), call.arguments(),
                                                    Item.Status.COMPLETED));
    }

    /** A server tool's result: a {@code function_call_output} conversation item. */
    void serverOutput(String callId, String result) {
        if (pendingServerCalls.remove(callId)) {
            sink.conversationItem(new Item.FunctionCallOutput(Ids.item(), callId, result, Item.Status.COMPLETED));
        }
    }

    /**
     * Answers server calls left without a result when the response ends early, so the conversation never holds a
     * call the model would see unanswered.
     */
    void closePending() {
        for (String callId : List.copyOf(pendingServerCalls)) {
            serverOutput(callId, CANCELLED);
        }
    }
}
