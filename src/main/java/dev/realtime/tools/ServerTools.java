package dev.realtime.tools;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.realtime.llm.ToolSpec;

/** Placeholder registry until the full one lands. */
public final class ServerTools {
    private final List<ServerTool> tools;

    private ServerTools(List<ServerTool> tools) {
        this.tools = List.copyOf(tools);
    }

    public static ServerTools none() {
        return new ServerTools(List.of());
    }

    public static ServerTools of(List<ServerTool> tools) {
        return new ServerTools(tools);
    }

    public static ServerTools fromJson(com.fasterxml.jackson.databind.JsonNode array, java.util.Map<String, String> env) {
        throw new UnsupportedOperationException("placeholder");
    }

    public Optional<ServerTool> find(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return tools.isEmpty();
    }

    public List<ServerTool> all() {
        return tools;
    }

    public Set<String> names() {
        return tools.stream().map(ServerTool::name).collect(Collectors.toUnmodifiableSet());
    }

    public List<ToolSpec> specs() {
        return tools.stream().map(ServerTool::spec).toList();
    }
}
