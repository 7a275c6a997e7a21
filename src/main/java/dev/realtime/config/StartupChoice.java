package dev.realtime.config;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The configuration an engine starts on: its runtime file when that is usable, else the last good copy of it,
 * else the environment alone; in the last two cases with the reason, which the store reports as degraded. Only an
 * invalid environment stops a start. Pure but for reading the two files; runs once, when the store opens.
 *
 * @param snapshot  the configuration to run on
 * @param fileBytes the runtime file's content as read (empty when missing or unreadable), so that polling reacts
 *                  to the next edit rather than to the broken content
 * @param degraded  why the runtime file is not in use, when it is not
 */
record StartupChoice(RuntimeSnapshot snapshot, byte[] fileBytes, Optional<String> degraded) {

    static StartupChoice make(Map<String, String> env, YamlFile file, YamlFile lastGood) {
        byte[] bytes = new byte[0];
        String problem;
        try {
            bytes = file.bytes();
            return new StartupChoice(RuntimeSnapshot.build(env, YamlFile.parse(bytes, file.path().toString())),
                                     bytes, Optional.empty());
        } catch (ConfigException | UncheckedIOException e) {
            problem = file.path() + " is not usable (" + e.getMessage() + ")";
        }
        try {
            byte[] kept = lastGood.bytes();
            if (kept.length > 0) {
                RuntimeSnapshot snapshot = RuntimeSnapshot.build(env, YamlFile.parse(kept, lastGood.path().toString()));
                return new StartupChoice(snapshot, bytes, Optional.of(problem + "; running on the last good "
                        + "configuration from " + lastGood.path() + " until a PUT /config or a reload of a "
                        + "repaired file"));
            }
        } catch (ConfigException | UncheckedIOException e) {
            problem += "; the last good copy " + lastGood.path() + " is not usable either (" + e.getMessage() + ")";
        }
        RuntimeSnapshot envOnly = RuntimeSnapshot.build(env, JsonNodeFactory.instance.objectNode());
        return new StartupChoice(envOnly, bytes, Optional.of(problem + "; running on the environment alone until a "
                + "PUT /config or a reload of a repaired file"));
    }
}
