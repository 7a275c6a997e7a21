/**
 * Phone calls over SIP with no cloud in between: a JAIN-SIP user agent ({@code SipServer}) answers {@code INVITE}s
 * from allowed peers ({@code CidrAllowList}, optional digest auth), negotiates G.711 and RFC 4733 events in SDP
 * ({@code SdpOffer}), and carries each call's media as 20 ms RTP ({@code RtpLeg}: a reader with a small
 * {@code JitterBuffer} and {@code DtmfEvents}, a clock-paced writer) into a session opened for the call.
 */
package dev.realtime.telephony.sip;
