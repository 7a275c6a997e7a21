/**
 * The OpenAI Realtime wire protocol, pure: client events in ({@code EventCodec}, {@code ClientEventParser},
 * the cheap {@code AppendReader} for audio appends, {@code ItemParser}, {@code ResponseParamsParser},
 * {@code SessionUpdate}/{@code BetaSessionUpdate}), the session, item and response models ({@code SessionConfig},
 * {@code Item}, {@code Content}, {@code ResponseInfo}...), and server events out ({@code ServerEvent},
 * {@code ServerEventWriter}, {@code SessionWriter}, {@code ResponseWriter}, {@code JsonWriter}), in the GA and the
 * beta dialect ({@code Dialect}). A malformed event is a {@code ProtocolException} with an OpenAI-shaped
 * {@code ErrorInfo}. No I/O, no threads.
 */
package dev.realtime.protocol;
