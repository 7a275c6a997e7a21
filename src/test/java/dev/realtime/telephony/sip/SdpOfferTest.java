package dev.realtime.telephony.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class SdpOfferTest {
    private static final String OFFER = """
            v=0
            o=- 1 1 IN IP4 192.0.2.10
            s=-
            c=IN IP4 192.0.2.10
            t=0 0
            m=audio 30000 RTP/AVP 18 8 0 101
            a=rtpmap:18 G729/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            """.replace("\n", "\r\n");

    @Test
    void takesTheFirstG711CodecOfferedAndTheTelephoneEventType() throws Exception {
        SdpOffer offer = SdpOffer.negotiate(OFFER).orElseThrow();
        assertThat(offer.codec(), is(Codec.PCMA));
        assertThat(offer.telephoneEvent(), is(OptionalInt.of(101)));
        assertThat(offer.remote(), is(new InetSocketAddress(InetAddress.ofLiteral("192.0.2.10"), 30000)));
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndTheMediaConnectionWins() {
        SdpOffer offer = SdpOffer.negotiate("""
                v=0
                c=IN IP4 192.0.2.1
                m=audio 4000 RTP/AVP 0
                c=IN IP4 198.51.100.7
                """).orElseThrow();
        assertThat(offer.codec(), is(Codec.PCMU));
        assertThat(offer.telephoneEvent(), is(OptionalInt.empty()));
        assertThat(offer.remote().getAddress().getHostAddress(), is("198.51.100.7"));
    }

    @Test
    void anOfferWithoutG711OrWithoutAudioIsNotAcceptable() {
        assertThat(SdpOffer.negotiate(OFFER.replace("RTP/AVP 18 8 0 101", "RTP/AVP 18 101")), is(Optional.empty()));
        assertThat(SdpOffer.negotiate("v=0\r\nc=IN IP4 192.0.2.1\r\nm=video 4000 RTP/AVP 0\r\n"),
                   is(Optional.empty()));
        assertThat("a stream declined with port 0", SdpOffer.negotiate(OFFER.replace("audio 30000", "audio 0")),
                   is(Optional.empty()));
        assertThat("no connection address", SdpOffer.negotiate("v=0\r\nm=audio 4000 RTP/AVP 0\r\n"),
                   is(Optional.empty()));
        assertThat("a host name is not resolved", SdpOffer.negotiate(OFFER.replace("c=IN IP4 192.0.2.10",
                                                                                   "c=IN IP4 pbx.example")),
                   is(Optional.empty()));
        assertThat(SdpOffer.negotiate(""), is(Optional.empty()));
    }

    @Test
    void theAnswerNamesTheEngineAddressTheCodecAndTheCallersEventType() throws Exception {
        SdpOffer offer = SdpOffer.negotiate(OFFER.replace("RTP/AVP 18 8 0 101", "RTP/AVP 0 101")).orElseThrow();
        String answer = offer.answer(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 40002), 7);
        assertThat(answer, containsString("c=IN IP4 127.0.0.1\r\n"));
        assertThat(answer, containsString("m=audio 40002 RTP/AVP 0 101\r\n"));
        assertThat(answer, containsString("a=rtpmap:0 PCMU/8000\r\n"));
        assertThat(answer, containsString("a=rtpmap:101 telephone-event/8000\r\n"));
        assertThat(answer, containsString("a=ptime:20\r\n"));
        String plain = SdpOffer.negotiate(OFFER.replace("RTP/AVP 18 8 0 101", "RTP/AVP 8")).orElseThrow()
                .answer(new InetSocketAddress(InetAddress.ofLiteral("::1"), 40004), 7);
        assertThat(plain, containsString("c=IN IP6 0:0:0:0:0:0:0:1\r\n"));
        assertThat(plain, containsString("m=audio 40004 RTP/AVP 8\r\n"));
        assertThat(plain, not(containsString("telephone-event")));
        assertThat("the answer reads back as what it says", SdpOffer.negotiate(answer).orElseThrow().codec(),
                   is(Codec.PCMU));
    }
}
