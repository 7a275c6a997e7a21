package dev.realtime.telephony.sip;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CidrAllowListTest {
    @Test
    void addressesInsideABlockAreAllowedAndOthersNot() {
        CidrAllowList list = CidrAllowList.parse("10.1.0.0/16, 192.0.2.7, 2001:db8::/32");
        assertThat(list.allows(ip("10.1.255.3")), is(true));
        assertThat(list.allows(ip("10.2.0.1")), is(false));
        assertThat("a bare address is one host", list.allows(ip("192.0.2.7")), is(true));
        assertThat(list.allows(ip("192.0.2.8")), is(false));
        assertThat(list.allows(ip("2001:db8:1::5")), is(true));
        assertThat(list.allows(ip("2001:db9::5")), is(false));
        assertThat("an IPv4-mapped IPv6 address counts as its IPv4 address", list.allows(ip("::ffff:a01:1")), is(true));
    }

    @Test
    void prefixesThatAreNotOnAByteBoundaryCount() {
        CidrAllowList list = CidrAllowList.parse("172.16.0.0/12");
        assertThat(list.allows(ip("172.31.255.255")), is(true));
        assertThat(list.allows(ip("172.32.0.0")), is(false));
        assertThat(CidrAllowList.parse("0.0.0.0/0").allows(ip("203.0.113.9")), is(true));
    }

    @Test
    void theDefaultIsLoopbackOnly() {
        CidrAllowList list = CidrAllowList.parse(CidrAllowList.LOOPBACK);
        assertThat(list.allows(ip("127.0.0.1")), is(true));
        assertThat(list.allows(ip("127.0.0.2")), is(true));
        assertThat(list.allows(ip("::1")), is(true));
        assertThat(list.allows(ip("192.168.1.10")), is(false));
        assertThat("an empty list allows nobody", CidrAllowList.parse("").allows(ip("127.0.0.1")), is(false));
    }

    @Test
    void aBadEntryIsNamed() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> CidrAllowList.parse("10.0.0.0/8,pbx.example"))
                           .getMessage(), containsString("'pbx.example'"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> CidrAllowList.parse("10.0.0.0/33"))
                           .getMessage(), containsString("0-32"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> CidrAllowList.parse("10.0.0.0/x"))
                           .getMessage(), containsString("'10.0.0.0/x'"));
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
