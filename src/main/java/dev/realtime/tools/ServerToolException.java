package dev.realtime.tools;

import java.util.List;

/** The server tools in the configuration are invalid; lists every problem with its path. */
public final class ServerToolException extends RuntimeException {
    private final List<String> problems;

    /**
     * @param problems each problem, starting with its path such as {@code tools[1].url}
     */
    public ServerToolException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each starting with its path. */
    public List<String> problems() {
        return problems;
    }
}
