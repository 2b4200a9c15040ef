package io.tandem.cli;

/** {@code tandem adm -h}: ipvsadm's usage, limited to what Tandem runs, plus Tandem's verbs. */
final class IpvsadmHelp {
    static final String TEXT =
            """
            Usage:
              tandem adm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask]
              tandem adm -D virtual-service
              tandem adm -C
              tandem adm -R
              tandem adm -S [-n]
              tandem adm -a|e virtual-service -r server-address [options]
              tandem adm -d virtual-service -r server-address
              tandem adm -L|l [virtual-service] [options]
              tandem adm -Z [virtual-service]
              tandem adm --set tcp tcpfin udp
              tandem adm health | vrrp
              tandem adm drain|enable -t|-u service-address -r server-address
              tandem adm -h

            Commands:
            Either long or short options are allowed.
              --add-service     -A        add virtual service with options
              --edit-service    -E        edit virtual service with options
              --delete-service  -D        delete virtual service
              --clear           -C        clear the whole table
              --restore         -R        restore rules from stdin
              --save            -S        save rules to stdout
              --add-server      -a        add real server with options
              --edit-server     -e        edit real server with options
              --delete-server   -d        delete real server
              --list            -L|-l     list the table
              --zero            -Z        zero counters in a service or all services
              --set tcp tcpfin udp        set the packet forwarders' connection timeouts
              --help            -h        display this help message

            virtual-service:
              --tcp-service|-t  service-address   service-address is host[:port]
              --udp-service|-u  service-address   service-address is host[:port]

            Options:
              --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|...,
                                                  the default scheduler is wlc.
              --persistent   -p [timeout]         persistent service
              --netmask      -M netmask           persistent granularity mask
              --real-server  -r server-address    server-address is host (and port)
              --gatewaying   -g                   gatewaying (direct routing) (default)
              --ipip         -i                   ipip encapsulation (tunneling)
              --masquerading -m                   masquerading (NAT)
              --weight       -w weight            capacity of real server
              --u-threshold  -x uthreshold        upper threshold of connections
              --l-threshold  -y lthreshold        lower threshold of connections
              --connection   -c                   output of current IPVS connections
              --numeric      -n                   numeric output of addresses and ports
              --stats                             output of statistics information
              --rate                              output of rate information
              --exact                             expand numbers (display exact values)
              --thresholds                        output of thresholds information
              --persistent-conn                   output of persistent connection info
              --sort                              sorting output of service/server entries
              --timeout                           output of timeout (tcp tcpfin udp)
              --socket PATH                       the daemon's admin socket
                                                  (else $TANDEM_ADMIN_SOCKET, else
                                                  /run/tandem/tandem.sock)

            Host names are not resolved: addresses are IP literals, and listings always print
            them numerically, with or without -n.
            """;

    private IpvsadmHelp() {}
}
