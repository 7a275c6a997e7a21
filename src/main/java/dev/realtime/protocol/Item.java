package dev.realtime.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A conversation item: a message, a function call, or a function call's output.
 */
public sealed interface Item permits Item.Message, Item.FunctionCall, Item.FunctionCallOutput {

    /** Item id ({@code item_...}). */
    String id();

    /** Item status. */
    Status status();

    /** Item status values. */
    enum Status {
        /** Finished. */
        COMPLETED,
        /** Ended early (cancelled or truncated response). */
        INCOMPLETE,
        /** Still being produced. */
        IN_PROGRESS;

        /** Wire spelling. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Message roles. */
    enum Role {
        /** The user. */
        USER,
        /** The assistant. */
        ASSISTANT,
        /** System instructions added as an item. */
        SYSTEM;

        /** Wire spelling. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A message item.
     *
     * @param id      item id
     * @param role    role
     * @param status  status
     * @param content content parts
     */
    record Message(String id, Role role, Status status, List<Content> content) implements Item {
        /** Immutable content. */
        public Message {
            content = List.copyOf(content);
        }

        /** The text of this message: text parts and transcripts joined. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Content c : content) {
                Optional<String> t = c.text();
                if (t.isPresent() && !t.get().isEmpty()) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(t.get());
                }
            }
            return sb.toString();
        }

        /** This message with another status and content. */
        public Message with(Status newStatus, List<Content> newContent) {
            return new Message(id, role, newStatus, newContent);
        }
    }

    /**
     * A function call made by the model.
     *
     * @param id        item id
     * @param callId    call id the output refers to
     * @param name      function name
     * @param arguments JSON arguments
     * @param status    status
     */
    record FunctionCall(String id, String callId, String name, String arguments, Status status) implements Item {
    }

    /**
     * The output of a function call.
     *
     * @param id     item id
     * @param callId call id of the function call
     * @param output output, usually JSON
     * @param status status
     */
    record FunctionCallOutput(String id, String callId, String output, Status status) implements Item {
    }
}
