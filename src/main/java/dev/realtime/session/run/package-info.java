/**
 * A response's own threads, off the session loop. The loop starts a run and hears back from it only through
 * {@link dev.realtime.session.run.RunSignal}s posted by a {@link dev.realtime.session.run.SignalReporter}; nothing
 * here touches session state, and the loop-only classes of {@code session} stay package-private to it.
 * <p>
 * The room map:
 * <ul>
 *     <li>the run: {@link dev.realtime.session.run.ResponseRun} (one virtual thread per response, the scope that
 *     cancels), {@link dev.realtime.session.run.ModelRound} (one streamed model call),
 *     {@link dev.realtime.session.run.CallRepair} (one retry for invalid tool arguments),
 *     {@link dev.realtime.session.run.StreamedCall} (a tool call with its argument fragments);</li>
 *     <li>server tools: {@link dev.realtime.session.run.ServerCalls} (the engine's own tools, in parallel);</li>
 *     <li>output sinks: {@link dev.realtime.session.run.TextOutput}, implemented by
 *     {@link dev.realtime.session.run.DirectOutput} (text straight to the loop) and
 *     {@link dev.realtime.session.run.Speaker} (speech first, on its own thread), which takes its stream from
 *     {@link dev.realtime.session.run.SpeechSource} (the conversation's kept speech stream, opened on the loop);</li>
 *     <li>back to the loop: {@link dev.realtime.session.run.RunSignal},
 *     {@link dev.realtime.session.run.SignalReporter}.</li>
 * </ul>
 */
package dev.realtime.session.run;
