package dev.realtime.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SipSettingsTest {
    @Test
    void sipIsOffUnlessItsPortIsSet() {
        assertThat(EnvConfig.load(Map.of("SIP_ALLOWED_CIDRS", "10.0.0.0/8")).sip(), is(Optional.empty()));
    }

    @Test
    void theDefaultsListenOnHostWithLoopbackCallersOnlyAndNoDigest() {
        SipSettings sip = EnvConfig.load(Map.of("HOST", "192.0.2.5", "SIP_PORT", "5060")).sip().orElseThrow();
        assertThat(sip, is(new SipSettings("192.0.2.5", 5060, 40000, 40999, "127.0.0.0/8,::1/128", Optional.empty(),
                                           Optional.empty())));
    }

    @Test
    void everySettingIsRead() {
        SipSettings sip = EnvConfig.load(Map.of("SIP_PORT", "5080", "SIP_HOST", "192.0.2.5",
                                                "SIP_RTP_PORTS", "20000-20099", "SIP_ALLOWED_CIDRS", "203.0.113.0/24",
                                                "SIP_USERNAME", "trunk", "SIP_PASSWORD", "pw")).sip().orElseThrow();
        assertThat(sip, is(new SipSettings("192.0.2.5", 5080, 20000, 20099, "203.0.113.0/24", Optional.of("trunk"),
                                           Optional.of("pw"))));
        assertThat("the password never shows", sip.toString(), not(containsString("pw")));
    }

    @Test
    void badValuesAreNamedTogether() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of(
                "SIP_PORT", "70000", "SIP_RTP_PORTS", "40000", "SIP_ALLOWED_CIDRS", "10.0.0.0/40",
                "SIP_USERNAME", "trunk")));
        assertThat(e.getMessage(), allOf(containsString("SIP_PORT"), containsString("SIP_RTP_PORTS"),
                                         containsString("SIP_ALLOWED_CIDRS"), containsString("SIP_PASSWORD")));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of(
                "SIP_PORT", "5060", "SIP_RTP_PORTS", "41000-40000"))).getMessage(), containsString("SIP_RTP_PORTS"));
    }

    @Test
    void aWildcardAddressCannotBeTheOneTheSdpNames() {
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("HOST", "0.0.0.0", "SIP_PORT",
                                                                                   "5060"))).getMessage(),
                   allOf(containsString("SIP_PORT"), containsString("set SIP_HOST")));
        assertThat(assertThrows(ConfigException.class, () -> EnvConfig.load(Map.of("SIP_HOST", "::", "SIP_PORT",
                                                                                   "5060"))).getMessage(),
                   containsString("SIP_HOST"));
        assertThat(EnvConfig.load(Map.of("HOST", "0.0.0.0", "SIP_HOST", "10.0.0.5", "SIP_PORT", "5060")).sip()
                           .orElseThrow().host(), is("10.0.0.5"));
    }

    @Test
    void theConfigApiShowsTheSettingsButNotThePassword() {
        EngineConfig c = EnvConfig.load(Map.of("SIP_PORT", "5060", "SIP_USERNAME", "trunk", "SIP_PASSWORD", "pw"));
        Map<String, Object> shown = new HashMap<>();
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            if (key.path().startsWith("sip.")) {
                key.valueIn(c).ifPresent(v -> shown.put(key.env(), v));
            }
        }
        assertThat(shown, is(Map.of("SIP_HOST", "127.0.0.1", "SIP_PORT", 5060, "SIP_RTP_PORTS", "40000-40999",
                                    "SIP_ALLOWED_CIDRS", "127.0.0.0/8,::1/128", "SIP_USERNAME", "trunk")));
    }
}
