package dev.realtime.telephony.sip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a caller's SDP offer (RFC 4566, RFC 3264) settles for the call: where to send RTP, which G.711 codec (the
 * first PCMU or PCMA in the offer's order) and, when offered, the telephone-event payload type for RFC 4733 keys.
 * Reads only the lines that matter ({@code c=}, the first {@code m=audio}, {@code a=rtpmap}); writes the answer.
 * Pure.
 *
 * @param remote         where the caller receives RTP
 * @param codec          the codec both sides use
 * @param telephoneEvent the caller's payload type for telephone-event/8000, when offered
 */
public record SdpOffer(InetSocketAddress remote, Codec codec, OptionalInt telephoneEvent) {
    /**
     * Negotiates an offer.
     *
     * @param sdp the offer's text
     * @return the outcome, or empty when there is no usable audio stream with PCMU or PCMA (answer 488)
     */
    public static Optional<SdpOffer> negotiate(String sdp) {
        String sessionAddress = null;
        String mediaAddress = null;
        String[] media = null;
        Map<Integer, String> rtpmap = new HashMap<>();
        boolean inAudio = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                inAudio = media == null && line.startsWith("m=audio ");
                if (inAudio) {
                    media = line.substring(2).split("\\s+");
                }
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split("\\s+");
                String address = parts.length == 3 ? parts[2].split("/")[0] : null;
                if (media == null) {
                    sessionAddress = address;
                } else if (inAudio) {
                    mediaAddress = address;
                }
            } else if (inAudio && line.startsWith("a=rtpmap:")) {
                String[] parts = line.substring("a=rtpmap:".length()).split("\\s+", 2);
                if (parts.length == 2 && parts[0].matches("\\d{1,3}")) {
                    rtpmap.put(Integer.parseInt(parts[0]), parts[1].toLowerCase(Locale.ROOT));
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (media == null || media.length < 4 || address == null || !media[1].matches("\\d{1,5}")
                || Integer.parseInt(media[1]) == 0 || !media[2].toUpperCase(Locale.ROOT).startsWith("RTP/")) {
            return Optional.empty();
        }
        Codec codec = null;
        OptionalInt dtmf = OptionalInt.empty();
        for (String format : List.of(media).subList(3, media.length)) {
            if (!format.matches("\\d{1,3}")) {
                continue;
            }
            int pt = Integer.parseInt(format);
            String name = rtpmap.getOrDefault(pt, pt == 0 ? "pcmu/8000" : pt == 8 ? "pcma/8000" : "");
            if (codec == null && name.startsWith("pcmu/8000")) {
                codec = Codec.PCMU;
            } else if (codec == null && name.startsWith("pcma/8000")) {
                codec = Codec.PCMA;
            } else if (dtmf.isEmpty() && name.startsWith("telephone-event/8000")) {
                dtmf = OptionalInt.of(pt);
            }
        }
        try {
            return codec == null ? Optional.empty()
                    : Optional.of(new SdpOffer(new InetSocketAddress(InetAddress.ofLiteral(address),
                                                                     Integer.parseInt(media[1])), codec, dtmf));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a host name instead of an address: not resolved on the SIP thread
        }
    }

    /**
     * The engine's answer.
     *
     * @param local     the engine's RTP address and port for this call
     * @param sessionId the SDP session id ({@code o=} line)
     * @return the answer's text
     */
    public String answer(InetSocketAddress local, long sessionId) {
        String family = local.getAddress() instanceof Inet6Address ? "IP6" : "IP4";
        String host = local.getAddress().getHostAddress();
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=realtime-engine ").append(sessionId).append(' ').append(sessionId)
                .append(" IN ").append(family).append(' ').append(host).append("\r\n")
                .append("s=realtime engine\r\n")
                .append("c=IN ").append(family).append(' ').append(host).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(local.getPort()).append(" RTP/AVP ").append(codec.payloadType());
        telephoneEvent.ifPresent(pt -> sdp.append(' ').append(pt));
        sdp.append("\r\n").append("a=rtpmap:").append(codec.payloadType()).append(' ').append(codec.name())
                .append("/8000\r\n");
        telephoneEvent.ifPresent(pt -> sdp.append("a=rtpmap:").append(pt).append(" telephone-event/8000\r\n")
                .append("a=fmtp:").append(pt).append(" 0-15\r\n"));
        return sdp.append("a=ptime:20\r\n").append("a=sendrecv\r\n").toString();
    }
}
