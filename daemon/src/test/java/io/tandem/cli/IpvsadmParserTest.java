package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.cli.IpvsadmInvocation.Verb;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IpvsadmParserTest {

    private static IpvsadmInvocation parse(String line) throws UsageException {
        return IpvsadmParser.parse(line.isEmpty() ? List.of() : List.of(line.split(" ")));
    }

    @Test
    void clusteredListOptionsCombine() throws UsageException {
        var lnc = parse("-Lnc");
        assertThat(lnc.verb()).isEqualTo(Verb.LIST);
        assertThat(lnc.format().numeric()).isTrue();
        assertThat(lnc.format().connections()).isTrue();
        assertThat(parse("-L -n --stats --exact").format().exact()).isTrue();
        assertThat(parse("").verb()).isEqualTo(Verb.LIST);
        assertThat(parse("-l --rate --sort").format().sort()).isTrue();
    }

    @Test
    void setTakesThreeTimeoutsWhereZeroMeansUnchanged() throws UsageException {
        var set = parse("--set 3600 0 60");
        assertThat(set.verb()).isEqualTo(Verb.SET);
        assertThat(set.timeouts()).isEqualTo(new IpvsadmInvocation.Timeouts(3600, 0, 60));
        assertThat(IpvsadmRun.change(set))
                .isEqualTo(new io.tandem.admin.api.AdminCommand.SetTimeouts(3600, 0, 60));
        assertThat(parse("-L --timeout").listTimeouts()).isTrue();
        assertThat(parse("-Ln").listTimeouts()).isFalse();
    }

    @Test
    void setWithTooFewOrBadValuesIsRefusedAsIpvsadmRefusesIt() {
        assertThatThrownBy(() -> parse("--set 900 120"))
                .hasMessage("--set option requires 3 timeout values");
        assertThatThrownBy(() -> parse("--set 900 -n 300"))
                .hasMessage("--set option requires 3 timeout values");
        assertThatThrownBy(() -> parse("--set 900 2m 300"))
                .hasMessage("invalid timeout value `2m' specified");
        assertThatThrownBy(() -> parse("--set 2678401 0 0"))
                .hasMessage("invalid timeout value `2678401' specified");
        assertThatThrownBy(() -> parse("--set 1 2 3 4")).hasMessage("unexpected argument '4'");
        assertThatThrownBy(() -> parse("-A -t 10.0.0.1:80 --timeout"))
                .hasMessage("Illegal 'timeout' option with the 'add-service' command");
        assertThatThrownBy(() -> parse("-L --set 1 2 3")).hasMessage("multiple commands specified");
    }

    @Test
    void persistentTakesAnOptionalTimeout() throws UsageException {
        assertThat(parse("-A -t 10.0.0.1:80 -p").persistenceSeconds()).isEqualTo(300);
        assertThat(parse("-A -t 10.0.0.1:80 -p -s rr").persistenceSeconds()).isEqualTo(300);
        assertThat(parse("-A -t 10.0.0.1:80 -p 60 -s rr").persistenceSeconds()).isEqualTo(60);
        assertThat(parse("-A -t 10.0.0.1:80 -p60").persistenceSeconds()).isEqualTo(60);
        assertThat(parse("-A -t 10.0.0.1:80 --persistent=90").persistenceSeconds()).isEqualTo(90);
        assertThat(parse("-A -t 10.0.0.1:80 -s rr").persistenceSeconds()).isNull();
    }

    @Test
    void realServerOptionsAreRead() throws UsageException {
        var add = parse("-a -u [2001:db8::1]:53 -r 10.0.0.2 -m -w 3 -x 100 -y 10");
        assertThat(add.service()).isEqualTo(new ServiceKey(ServiceProtocol.UDP, "2001:db8::1", 53));
        assertThat(add.realAddress()).isEqualTo("10.0.0.2");
        assertThat(add.realPort()).isZero();
        assertThat(add.forwarding()).isEqualTo(Forwarding.MASQ);
        assertThat(add.weight()).isEqualTo(3);
        assertThat(add.upperThreshold()).isEqualTo(100);
        assertThat(add.lowerThreshold()).isEqualTo(10);
        assertThat(parse("-e -t 10.0.0.1:80 -r 10.0.0.2:8080 -g -w0").weight()).isZero();
        assertThat(parse("--delete-server --tcp-service 10.0.0.1:80 --real-server 10.0.0.2").verb())
                .isEqualTo(Verb.DELETE_SERVER);
        assertThat(parse("-A -t 10.0.0.1:80 -p -M 255.255.255.0").netmask())
                .isEqualTo("255.255.255.0");
    }

    @Test
    void wrongArgumentsGetIpvsadmsMessages() {
        assertError("-L -w 3", "Illegal 'weight' option with the 'list' command");
        assertError(
                "-a -t 10.0.0.1:80",
                "You need to supply the 'real-server' option for the 'add-server' command");
        assertError(
                "-A -s rr",
                "You need to supply the 'service-address' option for the 'add-service' command");
        assertError("-A -D -t 10.0.0.1:80", "multiple commands specified");
        assertError("-a -t 10.0.0.1:80 -r 10.0.0.2 -w 70000", "illegal weight specified");
        assertError("-A -t example.com:80", "illegal virtual server address[:port] specified");
        assertError("-A -t 10.0.0.1:80 -p abc", "illegal timeout for persistent service");
        assertError(
                "-A -t 10.0.0.1:80 -p -M 255.0.255.0", "illegal virtual server netmask specified");
        assertError(
                "-A -f 1",
                "-f (fwmark-service) is not supported: Tandem has no firewall-mark services");
        assertError(
                "--start-daemon master",
                "--start-daemon (connection synchronisation) is not supported: it needs kernel IPVS, and Tandem proxies in userspace");
        assertError("-L --bogus", "unknown option --bogus");
        assertError(
                "-a -t 10.0.0.1:80 -r 10.0.0.2 -m -g",
                "multiple 'forwarding-method' options specified");
    }

    @Test
    void badArgumentsExitTwoWithoutContactingTheDaemon() {
        var out = new StringWriter();
        var err = new StringWriter();
        // The socket does not exist: reaching for it would print "cannot reach", exit 1.
        var run =
                new IpvsadmRun(
                        Path.of("/nonexistent/tandem.sock"),
                        new PrintWriter(out),
                        new PrintWriter(err),
                        "x");
        int code = run.run(List.of("-L", "-w", "3"), new BufferedReader(new StringReader("")));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("Illegal 'weight' option with the 'list' command\n");
        int restore =
                run.run(
                        List.of("-R"),
                        new BufferedReader(new StringReader("-A -t 10.0.0.1:80\n-L\n")));
        assertThat(restore).isEqualTo(2);
        assertThat(err.toString()).contains("line 2: the 'list' command is not allowed here");
    }

    private static void assertError(String line, String message) {
        assertThatThrownBy(() -> parse(line))
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }
}
