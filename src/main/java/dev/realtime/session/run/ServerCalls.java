package dev.realtime.session.run;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.realtime.llm.ToolCall;
import dev.realtime.llm.ToolSpec;
import dev.realtime.protocol.FunctionTool;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.tools.ServerTool;
import dev.realtime.tools.ServerTools;
import dev.realtime.tools.ToolArguments;
import dev.realtime.tools.ToolCancelledException;
import dev.realtime.tools.ToolResult;
import dev.realtime.tools.ToolRunner;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.UpstreamFailure;

/**
 * Performs the server-tool calls of one model round, in parallel, on virtual threads of the response. A failing or
 * slow tool becomes an error result for the model, never an exception, and is logged and counted once here;
 * interrupting the response's thread aborts every request in flight (not a failure). Calls run on the response's
 * thread; {@link #specs()} and {@link #checkNoClash} on the session loop.
 */
public final class ServerCalls {
    private static final System.Logger LOGGER = System.getLogger(ServerCalls.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerTools tools;
    private final ToolRunner runner;

    /**
     * Creates the calls of one session. Called on the session loop.
     *
     * @param tools  the engine's tools
     * @param runner runs them
     */
    public ServerCalls(ServerTools tools, ToolRunner runner) {
        this.tools = tools;
        this.runner = runner;
    }

    /** The engine's tools as the model sees them, offered beside the client's. */
    public List<ToolSpec> specs() {
        return tools.specs();
    }

    /**
     * Rejects client tools named like one of the engine's: the model could not tell them apart.
     *
     * @param clientTools the client's tools
     * @param path        where they sit in the client's event, for the error
     */
    public void checkNoClash(List<FunctionTool> clientTools, String path) {
        for (int i = 0; i < clientTools.size(); i++) {
            String name = clientTools.get(i).name();
            if (tools.find(name).isPresent()) {
                throw ProtocolException.invalid(
                        "invalid_value", "Tool name '" + name + "' is taken by a server tool of this engine; "
                                + "choose another name.", path + "[" + i + "].name");
            }
        }
    }

    /** Whether the call is one the engine performs. */
    boolean handles(ToolCall call) {
        return tools.find(call.name()).isPresent();
    }

    /**
     * Performs the calls.
     *
     * @param calls server-tool calls
     * @return each call's output for the model, in the same order
     * @throws ToolCancelledException when the response was cancelled meanwhile
     */
    List<String> perform(List<ToolCall> calls) {
        if (calls.size() == 1) {
            return List.of(perform(calls.getFirst()));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<String>> tasks = calls.stream().<Callable<String>>map(c -> () -> perform(c)).toList();
            List<String> outputs = new ArrayList<>();
            // invokeAll cancels (interrupts) every unfinished call when this thread is interrupted
            for (Future<String> future : executor.invokeAll(tasks)) {
                outputs.add(future.get());
            }
            return outputs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolCancelledException("the response was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private String perform(ToolCall call) {
        ServerTool tool = tools.find(call.name()).orElseThrow();
        long start = System.nanoTime();
        try {
            ToolResult result = runner.run(tool, ToolArguments.parse(call.arguments()));
            result.fault().ifPresent(f -> UpstreamFailure.of(tool.name(), UpstreamFailure.TOOL_CALL, f).report());
            LOGGER.log(Level.DEBUG, () -> "server tool " + tool.name() + " (" + call.id() + ") "
                    + (result.ok() ? "ok" : "failed") + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return result.output();
        } catch (IllegalArgumentException e) {
            return error(tool.name() + " was not called: " + e.getMessage());
        } catch (ToolCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "server tool " + tool.name() + " failed", e);
            return error(tool.name() + " failed: " + Causes.describe(e));
        }
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }
}
