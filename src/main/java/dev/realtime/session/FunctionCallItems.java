package dev.realtime.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;

/**
 * Turns streamed tool-call fragments (keyed by index, id and name on the first fragment) into {@code function_call}
 * items with their argument delta and done events. Used on the session loop only.
 */
final class FunctionCallItems {
    private final String responseId;
    private final Emitter emitter;
    private final ResponseSink sink;
    private final Map<Integer, Call> open = new LinkedHashMap<>();
    private ActiveResponse owner;

    FunctionCallItems(String responseId, Emitter emitter, ResponseSink sink) {
        this.responseId = responseId;
        this.emitter = emitter;
        this.sink = sink;
    }

    void owner(ActiveResponse response) {
        this.owner = response;
    }

    void delta(SessionMessage.RunSignal.ToolCallDelta delta, List<Item> output) {
        Call call = open.get(delta.index());
        if (call == null) {
            String callId = delta.callId().orElseGet(Ids::call);
            Item.FunctionCall item = new Item.FunctionCall(Ids.item(), callId, delta.name().orElse(""), "",
                                                           Item.Status.IN_PROGRESS);
            output.add(item);
            call = new Call(item, output.size() - 1, new StringBuilder());
            open.put(delta.index(), call);
            emitter.emit(new ServerEvent.OutputItemAdded(responseId, call.outputIndex, item));
            sink.itemAdded(owner, item);
        }
        if (!delta.arguments().isEmpty()) {
            call.arguments.append(delta.arguments());
            emitter.emit(new ServerEvent.ArgumentsDelta(responseId, call.item.id(), call.outputIndex,
                                                        call.item.callId(), delta.arguments()));
        }
    }

    void close(List<Item> output, Item.Status status) {
        for (Call call : open.values()) {
            String arguments = call.arguments.toString();
            Item.FunctionCall done = new Item.FunctionCall(call.item.id(), call.item.callId(), call.item.name(),
                                                           arguments, status);
            output.set(call.outputIndex, done);
            emitter.emit(new ServerEvent.ArgumentsDone(responseId, done.id(), call.outputIndex, done.callId(),
                                                       done.name(), arguments));
            emitter.emit(new ServerEvent.OutputItemDone(responseId, call.outputIndex, done));
            sink.itemDone(owner, done);
        }
        open.clear();
    }

    private record Call(Item.FunctionCall item, int outputIndex, StringBuilder arguments) {
    }
}
