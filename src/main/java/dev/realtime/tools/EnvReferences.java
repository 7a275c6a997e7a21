package dev.realtime.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references to environment variables in configured values, so that a secret lives in the
 * environment and the configuration only names it. Pure.
 */
final class EnvReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReferences() {
    }

    /** The variable names a value refers to. */
    static List<String> names(String value) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The value with each reference replaced; a missing variable becomes empty (validation reports it earlier). */
    static String expand(String value, Map<String, String> env) {
        return REFERENCE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
    }
}
