package dev.realtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The product documentation's names for settings, accepted beside the engine's own ({@code VAD_MIN_SILENCE_MS}
 * for {@code SILENCE_DURATION_MS}, {@code VAD_ENABLED=false} for {@code TURN_DETECTION=none}), and a warning for
 * every variable that looks like an engine setting but is none, so a misspelt name is not ignored silently. Pure.
 */
final class EnvAliases {
    private static final Map<String, String> SAME_VALUE = Map.of("VAD_MIN_SILENCE_MS", "SILENCE_DURATION_MS");
    private static final String VAD_ENABLED = "VAD_ENABLED";
    private static final List<String> ENGINE_PREFIXES = List.of(
            "LLM_", "STT_", "TTS_", "VAD_", "DEEPGRAM_", "GROQ_", "OPENROUTER_", "OPENAI_", "TOKEN_", "TURN_",
            "SILERO_", "SESSION_", "CONTEXT_", "MAX_", "DEFAULT_", "ENGINE_", "CONFIG_", "DRAIN_", "PRESETS_",
            "PUBLIC_", "ALLOWED_", "TRUST_", "HTTP_IDLE", "WS_", "OUTBOX_", "PREFIX_", "SILENCE_", "CREATE_",
            "INTERRUPT_", "JWT_", "LOG_");
    /** Read by the launcher and the container, not by the engine's binder. */
    private static final Set<String> LAUNCHER = Set.of("ENGINE_JAVA_OPTS");

    /**
     * The environment with every alias turned into the engine's own name.
     *
     * @param env      the variables as set
     * @param problems a conflict between an alias and its name is added here
     * @return the variables the binder reads
     */
    static Map<String, String> resolve(Map<String, String> env, List<ConfigException.Problem> problems) {
        Map<String, String> out = new HashMap<>(env);
        SAME_VALUE.forEach((alias, name) -> value(env, alias).ifPresent(v -> {
            Optional<String> own = value(env, name);
            if (own.isPresent() && !own.get().equals(v)) {
                problems.add(new ConfigException.Problem(alias, "says " + v + " but " + name + " says " + own.get()
                        + "; set only one of them"));
            }
            if (own.isEmpty()) {
                out.put(name, v);
            }
        }));
        value(env, VAD_ENABLED).map(v -> v.toLowerCase(Locale.ROOT)).ifPresent(v -> {
            Optional<String> type = value(env, "TURN_DETECTION").map(t -> t.toLowerCase(Locale.ROOT));
            if (!v.equals("true") && !v.equals("false")) {
                problems.add(new ConfigException.Problem(VAD_ENABLED, "'" + v + "' is not true or false"));
            } else if (type.isPresent() && type.get().equals(TurnDefaults.NONE) == v.equals("true")) {
                problems.add(new ConfigException.Problem(VAD_ENABLED, "says " + v + " but TURN_DETECTION says "
                        + type.get() + "; set only one of them"));
            } else if (v.equals("false")) {
                out.put("TURN_DETECTION", TurnDefaults.NONE);
            }
        });
        return out;
    }

    /** The alias that set a variable of the engine's own, when one did. */
    static Optional<String> setBy(String name, Map<String, String> env) {
        if (value(env, name).isPresent()) {
            return Optional.empty();
        }
        if ("TURN_DETECTION".equals(name)) {
            return value(env, VAD_ENABLED).filter("false"::equalsIgnoreCase).map(v -> VAD_ENABLED);
        }
        return SAME_VALUE.entrySet().stream().filter(e -> e.getValue().equals(name) && value(env, e.getKey())
                .isPresent()).map(Map.Entry::getKey).findFirst();
    }

    /**
     * Variables named like engine settings that are none, each with the closest real name when there is one.
     *
     * @param env the variables as set
     * @return warnings, by variable
     */
    static List<ConfigException.Problem> unknown(Map<String, String> env) {
        Set<String> known = new TreeSet<>(LAUNCHER);
        ConfigKeys.all().forEach(k -> known.add(k.env()));
        known.addAll(SAME_VALUE.keySet());
        known.add(VAD_ENABLED);
        List<ConfigException.Problem> warnings = new ArrayList<>();
        env.keySet().stream().sorted()
                .filter(name -> ENGINE_PREFIXES.stream().anyMatch(name::startsWith) && !known.contains(name))
                .forEach(name -> warnings.add(new ConfigException.Problem(name, "is not a setting of this engine "
                        + "and is ignored" + closest(name, known).map(k -> "; did you mean " + k + "?").orElse(""))));
        return warnings;
    }

    private static Optional<String> closest(String name, Set<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> distance(name, k)))
                .filter(k -> distance(name, k) <= Math.max(2, name.length() / 4));
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                                  diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
