package dev.realtime.llm;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The chat model used when no language model is configured. It is honest about it: it says it runs offline,
 * answers the time and date, and repeats what it heard. Thread-safe; {@link #stream(ChatRequest)} runs on the
 * response thread and never blocks.
 */
public final class OfflineResponder implements ChatModel {

    static final String PREFIX = "I'm running offline without a language model.";
    static final String NOTHING_HEARD = "I'm running offline without a language model, so I can only repeat what"
            + " I hear. Say something and I'll tell you what I heard.";
    static final String HELP = PREFIX + " I can tell you the time and the date, and I repeat what I hear so you"
            + " can check that speech recognition works.";
    private static final int MAX_ECHO = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

    private final Clock clock;

    private OfflineResponder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param clock source of the time it tells
     * @return the responder
     */
    public static OfflineResponder create(Clock clock) {
        return new OfflineResponder(clock);
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        String heard = request.messages().reversed().stream()
                .filter(m -> m.role() == ChatMessage.Role.USER)
                .map(ChatMessage::content)
                .findFirst()
                .orElse("")
                .strip()
                .replaceAll("\\s+", " ");
        String[] words = heard.split(" ");
        String[] answer = answer(heard).split(" ");
        List<ChatChunk> chunks = new ArrayList<>(answer.length + 2);
        for (int i = 0; i < answer.length; i++) {
            chunks.add(new ChatChunk.Text(i < answer.length - 1 ? answer[i] + " " : answer[i]));
        }
        chunks.add(new ChatChunk.Finish("stop"));
        int input = heard.isEmpty() ? 0 : words.length;
        chunks.add(new ChatChunk.UsageReport(new Usage(input, answer.length, input + answer.length)));
        return new FixedChatStream(chunks);
    }

    String answer(String heard) {
        if (heard.isEmpty()) {
            return NOTHING_HEARD;
        }
        Set<String> words = Set.copyOf(Arrays.asList(heard.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")));
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        if (words.contains("bye") || words.contains("goodbye")) {
            return "Goodbye.";
        }
        if (words.contains("time")) {
            return PREFIX + " It is " + TIME.format(now) + " UTC.";
        }
        if (words.contains("date") || words.contains("day") || words.contains("today")) {
            return PREFIX + " Today is " + DATE.format(now) + " (UTC).";
        }
        if (words.contains("help")) {
            return HELP;
        }
        String echo = heard.length() <= MAX_ECHO ? heard : heard.substring(0, MAX_ECHO) + "...";
        return PREFIX + " I heard: '" + echo + "'.";
    }
}
