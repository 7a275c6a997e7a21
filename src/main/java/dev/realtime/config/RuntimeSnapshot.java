package dev.realtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.tools.ServerToolException;
import dev.realtime.tools.ServerTools;

/**
 * One effective configuration: the environment with the runtime file (which holds the API's changes) over it,
 * bound and checked. Immutable; sessions keep the snapshot they started with.
 *
 * @param config   the bound configuration
 * @param tools    the server tools
 * @param file     the runtime file's tree this snapshot was built from
 * @param env      the environment it was built over
 * @param warnings what is usable but probably not meant, with paths
 */
public record RuntimeSnapshot(EngineConfig config, ServerTools tools, ObjectNode file, Map<String, String> env,
                              List<ConfigException.Problem> warnings) {

    /**
     * Builds and checks a snapshot.
     *
     * @param env  environment variables
     * @param file the runtime file's tree
     * @return the snapshot
     * @throws ConfigException with every problem and its path
     */
    public static RuntimeSnapshot build(Map<String, String> env, ObjectNode file) {
        List<ConfigException.Problem> problems = new ArrayList<>(ConfigTree.check(file, ""));
        JsonNode presets = file.path(ConfigTree.PRESETS);
        if (!presets.isMissingNode() && !presets.isNull()) {
            if (presets.isObject()) {
                presets.properties().forEach(p -> problems.addAll(
                        ConfigTree.check(p.getValue(), ConfigTree.PRESETS + "." + p.getKey() + ".")));
            } else {
                problems.add(new ConfigException.Problem(ConfigTree.PRESETS, "must be a map of name to settings"));
            }
        }
        Map<String, String> flat = EnvAliases.resolve(env, problems);
        ConfigTree.leaves(file).forEach((path, value) -> ConfigKeys.byPath(path)
                .ifPresent(key -> flat.put(key.env(), value.asText())));
        EngineConfig config = null;
        List<ConfigException.Problem> warnings = List.of();
        try {
            EnvConfig.Bound bound = EnvConfig.bind(flat);
            config = bound.config();
            warnings = new ArrayList<>(EnvAliases.unknown(env));
            bound.warnings().stream().map(RuntimeSnapshot::withPath).forEach(warnings::add);
        } catch (ConfigException e) {
            e.problems().stream().map(RuntimeSnapshot::withPath).forEach(problems::add);
        }
        ServerTools tools = ServerTools.none();
        JsonNode section = file.path(ConfigTree.TOOLS);
        if (!section.isMissingNode() && !section.isNull()) {
            try {
                tools = ServerTools.fromJson(section, env);
            } catch (ServerToolException e) {
                e.problems().forEach(p -> problems.add(new ConfigException.Problem("", p)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RuntimeSnapshot(config, tools, file.deepCopy(), Map.copyOf(env), List.copyOf(warnings));
    }

    /** A binder problem named by environment variable, renamed to its config path. */
    private static ConfigException.Problem withPath(ConfigException.Problem p) {
        return new ConfigException.Problem(ConfigKeys.byEnv(p.setting()).map(ConfigKeys.Key::path)
                                                   .orElse(p.setting()), p.message());
    }
}
