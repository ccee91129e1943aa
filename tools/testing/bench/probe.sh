#!/bin/bash
# exploratory probe
set -x
modprobe pktgen
modprobe tunnel6
insmod "$IPMOB_KO"
modprobe ip6_tunnel
I=/work/main/agent/ipmob
ip netns add dut; ip netns add sink
ip -n dut link set lo up
ip netns exec dut sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n dut link add d0 type veth peer name g0 netns sink
ip -n dut link add d1 type veth peer name s0 netns sink
for l in d0 d1; do ip -n dut link set $l up; done
for l in g0 s0; do ip -n sink link set $l up; done
ip -n dut addr add 2001:db8:5::1/64 dev d1 nodad
ip -n dut addr add 2001:db8:4::1/64 dev d0 nodad
ip -n dut addr add 2001:db8:1::1/64 dev d0 nodad
SMAC=$(ip -n sink -j link show s0 | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["address"])')
D0MAC=$(ip -n dut -j link show d0 | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["address"])')
ip -n dut neigh add 2001:db8:5::2 lladdr $SMAC dev d1 nud permanent
ip -n dut route add 2001:db8:f::/48 via 2001:db8:5::2 dev d1
ip -n sink link show
tc -n sink qdisc add dev s0 clsact
tc -n sink filter add dev s0 ingress matchall action drop
pg() { echo "$2" > /proc/net/pktgen/$1 || { echo "FAIL $1: $2"; cat /proc/net/pktgen/$1 | tail -3; }; }
run() { # dst
ip netns exec dut bash -c "
pg() { echo \"\$2\" > /proc/net/pktgen/\$1 || { echo \"FAIL \$1: \$2\"; tail -3 /proc/net/pktgen/\$1; }; }
pg kpktgend_0 rem_device_all
pg kpktgend_0 "add_device d0"
pg d0 'xmit_mode netif_receive'
pg d0 'pkt_size 64'
pg d0 'count $2'
pg d0 'dst6 $1'
pg d0 'src6 2001:db8:4::2'
pg d0 'dst_mac $D0MAC'
pg d0 'udp_src_min 9'
pg d0 'udp_dst_min 9'
b=\$(cat /sys/class/net/d1/statistics/tx_packets)
bb=\$(cat /sys/class/net/d1/statistics/tx_bytes)
pg pgctrl start
a=\$(cat /sys/class/net/d1/statistics/tx_packets)
ab=\$(cat /sys/class/net/d1/statistics/tx_bytes)
grep -A2 Result /proc/net/pktgen/d0
echo fwd \$((a-b)) bytes \$((ab-bb))
"
}
run 2001:db8:f::1 20000
run 2001:db8:f::1 100000
# ipmob tunnel
$I -n dut link add mob0; ip -n dut link set mob0 up
$I -n dut binding add hoa 2001:db8:1::100 coa 2001:db8:f:2::100 local 2001:db8:1::1 dev mob0
$I -n dut binding add hoa 2001:db8:1::200 coa 2001:db8:f:3::200 mode ro dev mob0
run 2001:db8:1::100 100000
run 2001:db8:1::200 100000
run 2001:db8:f::1 100000
$I -n dut stats
ip -n dut -s link show
# ip6tnl
ip -n dut -6 tunnel add t1 mode ip6ip6 local 2001:db8:1::1 remote 2001:db8:f:4::100
ip -n dut link set t1 up
ip -n dut route add 2001:db8:1::300/128 dev t1
run 2001:db8:1::300 100000
ip -n dut -s link show t1
dmesg | tail -20
grep ipmob /proc/slabinfo
