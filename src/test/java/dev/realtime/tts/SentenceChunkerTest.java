package dev.realtime.tts;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class SentenceChunkerTest {
    private static List<String> all(SentenceChunker chunker, String... deltas) {
        List<String> pieces = new ArrayList<>();
        for (String d : deltas) {
            pieces.addAll(chunker.push(d));
        }
        pieces.addAll(chunker.flush());
        return pieces;
    }

    @Test
    void firstClauseComesEarlyThenSentences() {
        SentenceChunker c = new SentenceChunker();
        assertThat(c.push("Well, sure thing my friend, the weather "), is(List.of("Well, sure thing my friend,")));
        assertThat(c.push("is fine. It is warm"), is(List.of("the weather is fine.")));
        assertThat(c.push(", very warm, today! "), is(List.of("It is warm, very warm, today!")));
        assertThat(c.flush(), is(List.of()));
    }

    @Test
    void firstSentenceIsCutWhenItsLastTokenArrivesNotAtTheNext() {
        SentenceChunker c = new SentenceChunker();
        assertThat(c.push("The weather in Paris is sunny"), is(List.of()));
        assertThat(c.push(" today."), is(List.of("The weather in Paris is sunny today.")));
        assertThat(c.push(" Expect a high"), is(List.of()));
        assertThat(c.push(" of twenty."), is(List.of()));
        assertThat(c.push(" Bye"), is(List.of("Expect a high of twenty.")));
        SentenceChunker clause = new SentenceChunker();
        assertThat(clause.push("Well, sure thing my friend,"), is(List.of("Well, sure thing my friend,")));
    }

    @Test
    void aMarkAtTheEndOfTheFirstPieceWaitsAfterLettersNumbersAndAbbreviations() {
        assertThat(new SentenceChunker().push("Paid 3."), is(List.of()));
        assertThat(new SentenceChunker().push("Tea, e."), is(List.of()));
        assertThat(new SentenceChunker().push("Ask Dr."), is(List.of()));
        assertThat(new SentenceChunker().push("See x.y."), is(List.of()));
        assertThat(all(new SentenceChunker(), "Dr. Smith paid 3.14 dollars, e.g. for tea. Done.".split("")),
                   is(List.of("Dr. Smith paid 3.14 dollars,", "e.g. for tea.", "Done.")));
    }

    @Test
    void abbreviationsDecimalsAndListsDoNotCut() {
        assertThat(all(new SentenceChunker(), "Dr. Smith paid 3.14 dollars, e.g. for tea. Done."),
                   is(List.of("Dr. Smith paid 3.14 dollars,", "e.g. for tea.", "Done.")));
        assertThat(all(new SentenceChunker(), "Steps:\n1. Open it.\n2. Close it.\n"),
                   is(List.of("Steps: 1. Open it.", "2. Close it.")));
    }

    @Test
    void markdownIsStrippedAndCodeFencesDropped() {
        assertThat(all(new SentenceChunker(), "# Title\n\nThis is **bold** and a [link](http://x.y/z). ",
                       "```java\nint x = 1;\n```\n", "- Last `item` here."),
                   is(List.of("Title", "This is bold and a link.", "Last item here.")));
    }

    @Test
    void splittingDeltasAnywhereGivesTheSamePieces() {
        String text = "Hello there, how are you doing today? I am fine. Thanks for asking!";
        List<String> whole = all(new SentenceChunker(), text);
        List<String> bytes = all(new SentenceChunker(), text.split(""));
        assertThat(bytes, is(whole));
        assertThat(whole.size(), is(3));
    }

    @Test
    void longRunOnsAreCutAtAWord() {
        List<String> pieces = all(new SentenceChunker(), "word ".repeat(120));
        assertThat(pieces.size() > 1, is(true));
        for (String p : pieces) {
            assertThat(p.length(), lessThanOrEqualTo(SentenceChunker.MAX_CHARS));
        }
        assertThat(String.join(" ", pieces), is("word ".repeat(120).strip()));
    }
}
