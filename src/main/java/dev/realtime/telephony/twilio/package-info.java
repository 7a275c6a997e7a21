/**
 * Phone calls from Twilio: Media Streams carry a call's μ-law over a WebSocket into an ordinary session
 * ({@link dev.realtime.telephony.Phones}).
 * <p>
 * The room map:
 * <ul>
 *     <li>the edge: {@link dev.realtime.telephony.twilio.TwilioRoutes} (on or off, the two routes),
 *     {@link dev.realtime.telephony.twilio.TwilioVoice} (the incoming-call webhook),
 *     {@link dev.realtime.telephony.twilio.Twiml}, {@link dev.realtime.telephony.twilio.TwilioSignature}
 *     ({@code X-Twilio-Signature});</li>
 *     <li>the stream: {@link dev.realtime.telephony.twilio.TwilioStream} (one per call, the caller's side),
 *     {@link dev.realtime.telephony.twilio.StreamEvent} and {@link dev.realtime.telephony.twilio.StreamParser}
 *     (Twilio's messages in), {@link dev.realtime.telephony.twilio.TwilioLeg} (the assistant's audio out, marks and
 *     what the caller has heard), {@link dev.realtime.telephony.twilio.StreamMessages} (messages out),
 *     {@link dev.realtime.telephony.twilio.TwilioSettings}.</li>
 * </ul>
 */
package dev.realtime.telephony.twilio;
