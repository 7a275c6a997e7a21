package dev.realtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.tools.ServerTool;

/**
 * Keeps every secret on the hosts it was configured for. The config API never shows a secret, so a request to it
 * must not be able to send one elsewhere either: a change that moves a provider's base URL needs that provider's
 * key in the same request, a preset defined through the API that moves one needs the key in the preset, and a
 * server tool may send an environment variable in its headers only to the origin the configuration already sent
 * it to, and never a variable of the engine's own settings. Only API changes are checked this way: the runtime
 * file and the environment are the operator's own. Pure.
 */
final class SecretHosts {
    private static final Map<String, List<String>> HOSTS = hosts();

    private SecretHosts() {
    }

    /**
     * The problems of an API change.
     *
     * @param before the configuration in effect
     * @param after  the configuration the change gives
     * @param patch  the change as applied (preset expanded, redacted secrets left out)
     * @return one problem per host a secret would be sent to without the request carrying it
     */
    static List<ConfigException.Problem> check(RuntimeSnapshot before, RuntimeSnapshot after, JsonNode patch) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        Map<String, JsonNode> sent = ConfigTree.leaves(patch);
        HOSTS.forEach((secret, hosts) -> {
            if (!ConfigView.isSet(after, key(secret)) || sent.containsKey(secret)) {
                return;
            }
            for (String host : hosts) {
                if (!ConfigView.value(before, key(host)).equals(ConfigView.value(after, key(host)))) {
                    problems.add(moved(host, secret, secret));
                }
            }
        });
        JsonNode presets = patch.path(ConfigTree.PRESETS);
        if (presets.isObject()) {
            presets.properties().forEach(p -> checkPreset(after, p.getKey(), p.getValue(), problems));
        }
        checkTools(before, after, problems);
        return problems;
    }

    private static void checkPreset(RuntimeSnapshot after, String name, JsonNode preset,
                                    List<ConfigException.Problem> problems) {
        Map<String, JsonNode> leaves = ConfigTree.leaves(preset);
        HOSTS.forEach((secret, hosts) -> {
            if (!ConfigView.isSet(after, key(secret)) || leaves.containsKey(secret)) {
                return;
            }
            for (String host : hosts) {
                JsonNode set = leaves.get(host);
                if (set != null && !set.asText().equals(ConfigView.value(after, key(host)).asText())) {
                    String at = ConfigTree.PRESETS + "." + name + ".";
                    problems.add(moved(at + host, secret, at + secret));
                }
            }
        });
    }

    private static void checkTools(RuntimeSnapshot before, RuntimeSnapshot after,
                                   List<ConfigException.Problem> problems) {
        Set<String> known = new HashSet<>();
        before.tools().all().forEach(t -> t.secretVariables().forEach(v -> known.add(v + " " + t.origin())));
        List<ServerTool> tools = after.tools().all();
        for (int i = 0; i < tools.size(); i++) {
            ServerTool tool = tools.get(i);
            for (String variable : tool.secretVariables()) {
                String at = ConfigTree.TOOLS + "[" + i + "].headers";
                if (ConfigKeys.byEnv(variable).isPresent()) {
                    problems.add(new ConfigException.Problem(at, "${" + variable + "} is one of the engine's own "
                            + "settings; a tool's secret lives in a variable of its own"));
                } else if (!known.contains(variable + " " + tool.origin())) {
                    problems.add(new ConfigException.Problem(at, "${" + variable + "} would be sent to "
                            + tool.origin() + ", which the configuration has not sent it to; a tool that sends a "
                            + "new secret, or sends one to a new host, is declared in the runtime file"));
                }
            }
        }
    }

    private static ConfigException.Problem moved(String host, String secret, String carry) {
        return new ConfigException.Problem(host, "changes where " + secret + " is sent; send " + carry + " in the "
                + "same request (a stored key is never sent to a host it was not configured for)");
    }

    private static ConfigKeys.Key key(String path) {
        return ConfigKeys.byPath(path).orElseThrow();
    }

    private static Map<String, List<String>> hosts() {
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        for (String llm : List.of("groq", "openrouter", "openai", "openai_compatible")) {
            hosts.put("llm." + llm + ".api_key", List.of("llm." + llm + ".base_url"));
        }
        hosts.put("deepgram.api_key", List.of("deepgram.base_url", "tts.deepgram.base_url"));
        hosts.put("stt.openai_compatible.api_key", List.of("stt.openai_compatible.base_url"));
        hosts.put("tts.openai_compatible.api_key", List.of("tts.openai_compatible.base_url"));
        return Collections.unmodifiableMap(hosts);
    }
}
