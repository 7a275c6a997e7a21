package dev.realtime.session.run;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.realtime.llm.ChatException;
import dev.realtime.llm.ChatMessage;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ChatStream;
import dev.realtime.llm.ToolCall;
import dev.realtime.llm.Usage;
import dev.realtime.tools.ToolArguments;

/**
 * Checks a round's tool calls against the offered tools' schemas and, when some are invalid, asks the model once
 * more for just those calls with the problems stated. A call that is still wrong afterwards is delivered anyway
 * (the client or tool decides what to do with it) and logged. Runs on the response's thread.
 */
final class CallRepair {
    private static final System.Logger LOGGER = System.getLogger(CallRepair.class.getName());

    private final ChatModel model;
    private final AtomicReference<ChatStream> holder;
    private final BooleanSupplier cancelled;
    private Optional<Usage> usage = Optional.empty();

    CallRepair(ChatModel model, AtomicReference<ChatStream> holder, BooleanSupplier cancelled) {
        this.model = model;
        this.holder = holder;
        this.cancelled = cancelled;
    }

    /**
     * The round's calls, with invalid ones corrected where the model managed to.
     *
     * @param request the request the round answered
     * @param round   the round
     * @return the calls to deliver, in the round's order, keeping each call's id
     */
    List<StreamedCall> repair(ChatRequest request, ModelRound round) {
        ToolArguments checker = ToolArguments.of(request.tools());
        Map<Integer, String> problems = new LinkedHashMap<>();
        for (int i = 0; i < round.calls().size(); i++) {
            int index = i;
            checker.problem(round.calls().get(i).call()).ifPresent(p -> problems.put(index, p));
        }
        if (problems.isEmpty()) {
            return round.calls();
        }
        List<StreamedCall> result = new ArrayList<>(round.calls());
        List<ToolCall> retried = retry(request, round, problems);
        for (Map.Entry<Integer, String> bad : problems.entrySet()) {
            StreamedCall original = round.calls().get(bad.getKey());
            Optional<ToolCall> again = retried.stream().filter(c -> c.name().equals(original.call().name()))
                    .findFirst();
            again.ifPresent(retried::remove);
            Optional<String> still = again.isEmpty() ? Optional.of(bad.getValue()) : checker.problem(again.get());
            if (again.isPresent()) {
                result.set(bad.getKey(), original.withArguments(again.get().arguments()));
            }
            still.ifPresent(p -> LOGGER.log(Level.WARNING, "tool call " + original.call().id() + " to '"
                                                        + original.call().name()
                                                        + "' is still invalid after one retry; delivered as is: "
                                                        + p));
        }
        return List.copyOf(result);
    }

    /** Usage of the retry, if one was made. */
    Optional<Usage> usage() {
        return usage;
    }

    private List<ToolCall> retry(ChatRequest request, ModelRound round, Map<Integer, String> problems) {
        List<ToolCall> invalid = problems.keySet().stream().map(i -> round.calls().get(i).call()).toList();
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(ChatMessage.assistantToolCalls(round.text(), invalid));
        problems.forEach((i, problem) -> messages.add(ChatMessage.tool(
                round.calls().get(i).call().id(), "Error: " + problem + " Call the tool again with corrected "
                        + "arguments.")));
        String choice = invalid.size() == 1 && !invalid.getFirst().name().isEmpty() ? invalid.getFirst().name()
                : "required";
        ChatRequest again = new ChatRequest(messages, request.tools(), Optional.of(choice), request.temperature(),
                                            request.maxOutputTokens());
        try {
            ModelRound answer = ModelRound.stream(model, again, text -> { }, at -> { }, holder);
            usage = answer.usage();
            return new ArrayList<>(answer.calls().stream().map(StreamedCall::call).toList());
        } catch (ChatException e) {
            if (cancelled.getAsBoolean()) {
                throw e;
            }
            // the correction is a courtesy: when it fails upstream the original calls still go out
            LOGGER.log(Level.WARNING, "asking the model to correct invalid tool arguments failed: " + e.getMessage());
            return new ArrayList<>();
        }
    }
}
