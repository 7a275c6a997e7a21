package dev.realtime.tools;

import java.util.List;

/** Placeholder. */
public class ServerToolException extends RuntimeException {
    private final List<String> problems;

    public ServerToolException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
