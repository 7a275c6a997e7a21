package dev.realtime.warmup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a warm-up caller says and waits for, whichever line carries it (SIP's RTP, a Twilio Media Stream): the spoken
 * question as 20 ms of μ-law at a time, then the noise floor while listening until the engine's answer has come and
 * stopped; {@link #TURNS} times. Runs on the call's own thread; every wait ends by the warm-up's deadline.
 */
final class PhoneScript {
    /** Questions per call. */
    static final int TURNS = 2;
    private static final long TURN_TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    /** The answer is over when no audio came for this long (the engine sends none in a pause). */
    private static final long ANSWER_END = TimeUnit.MILLISECONDS.toNanos(400);

    /** The caller's end of a line. */
    interface Line {
        /**
         * Reads what the engine sends until the next 20 ms tick.
         *
         * @return whether answer audio came in that time
         */
        boolean listenUntilTick() throws IOException, InterruptedException;

        /**
         * Sends 20 ms of the caller's μ-law.
         *
         * @param frame the audio
         * @param first whether it starts a talk spurt
         */
        void say(byte[] frame, boolean first) throws IOException, InterruptedException;
    }

    private final WarmUpAudio audio;
    private final WarmUpTally tally;
    private final long deadline;
    private int noiseFrame;

    PhoneScript(WarmUpAudio audio, WarmUpTally tally, long deadlineNanos) {
        this.audio = audio;
        this.tally = tally;
        this.deadline = deadlineNanos;
    }

    /**
     * Asks the questions, counting each answer in the tally, until one goes unanswered.
     *
     * @return how many were answered
     */
    int play(Line line) throws IOException, InterruptedException {
        for (int turn = 0; turn < TURNS; turn++) {
            if (!turn(line)) {
                return turn;
            }
            tally.phoneAnswer();
        }
        return TURNS;
    }

    private boolean turn(Line line) throws IOException, InterruptedException {
        List<byte[]> speech = audio.phoneSpeech();
        for (int i = 0; i < speech.size(); i++) {
            line.listenUntilTick();
            line.say(speech.get(i), i == 0);
        }
        long giveUp = Math.min(deadline, System.nanoTime() + TURN_TIMEOUT);
        long lastAudio = 0;
        while (System.nanoTime() < giveUp) {
            if (line.listenUntilTick()) {
                lastAudio = System.nanoTime();
            } else if (lastAudio != 0 && System.nanoTime() - lastAudio > ANSWER_END) {
                return true;
            }
            line.say(audio.phoneNoise(noiseFrame++), false);
        }
        if (System.nanoTime() < deadline) {
            tally.timeout();
        }
        return false;
    }
}
