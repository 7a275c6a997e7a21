package dev.realtime.tools;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.llm.ToolSpec;

/**
 * The engine's server tools, by name. Immutable and safe to share: built once at startup, then read by every
 * session's threads.
 */
public final class ServerTools {
    private final List<ServerTool> tools;

    private ServerTools(List<ServerTool> tools) {
        this.tools = List.copyOf(tools);
    }

    /** No server tools. */
    public static ServerTools none() {
        return new ServerTools(List.of());
    }

    /**
     * @param tools the tools
     * @return the registry
     * @throws ServerToolException when two tools share a name
     */
    public static ServerTools of(List<ServerTool> tools) {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            if (!seen.add(tools.get(i).name())) {
                problems.add("tools[" + i + "].name: '" + tools.get(i).name() + "' is declared twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new ServerToolException(problems);
        }
        return new ServerTools(tools);
    }

    /**
     * Reads and checks the {@code tools} section of the configuration.
     *
     * @param array the section, a JSON array of tool objects
     * @param env   environment variables header values may refer to
     * @return the registry
     * @throws ServerToolException listing every problem with its path
     */
    public static ServerTools fromJson(JsonNode array, Map<String, String> env) {
        return of(ServerToolsParser.parse(array, env));
    }

    /** The tool of that name, if the engine has one. */
    public Optional<ServerTool> find(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return tools.isEmpty();
    }

    /** All tools, in configuration order. */
    public List<ServerTool> all() {
        return tools;
    }

    /** Their names. */
    public Set<String> names() {
        return tools.stream().map(ServerTool::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The functions as the model sees them. */
    public List<ToolSpec> specs() {
        return tools.stream().map(ServerTool::spec).toList();
    }
}
